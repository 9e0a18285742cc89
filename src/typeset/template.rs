//! Page templates (paper, margins, columns, running head, folio) and the type style.

use super::page::Rgb;

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Points to millimetres.
pub fn to_mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}

/// One kind of page. Sizes in millimetres.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTemplate {
    /// Name used by [`super::Block::PageBreak`] to switch templates.
    pub name: String,
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
    /// Number of text columns (1 or more) and the gap between them.
    pub columns: u32,
    pub column_gap_mm: f32,
    /// Draw a thin rule down the middle of each column gap.
    pub column_rule: bool,
    /// Facing pages: on even-numbered pages the left and right margins swap (the
    /// left margin is the inner one) and the running head moves to the outer edge.
    pub mirror: bool,
    /// Print the running head (set by [`super::Block::RunningHead`]) above the text area.
    pub running_head: bool,
    /// Folio format, `{}` standing for the page number, e.g. `"－ {} －"`; `None` = no folio.
    pub folio: Option<String>,
}

impl PageTemplate {
    /// A page of `w` × `h` mm with 20 mm margins, one column, running head and folio
    /// `－ n －`.
    pub fn new(name: &str, w: f32, h: f32) -> Self {
        PageTemplate {
            name: name.to_string(),
            width_mm: w,
            height_mm: h,
            margin_top_mm: 22.0,
            margin_bottom_mm: 22.0,
            margin_left_mm: 20.0,
            margin_right_mm: 20.0,
            columns: 1,
            column_gap_mm: 8.0,
            column_rule: false,
            mirror: false,
            running_head: true,
            folio: Some("－ {} －".to_string()),
        }
    }
    /// A4 portrait (210 × 297 mm).
    pub fn a4() -> Self {
        Self::new("a4", 210.0, 297.0)
    }
    /// A5 portrait (148 × 210 mm) with narrower margins.
    pub fn a5() -> Self {
        let mut t = Self::new("a5", 148.0, 210.0);
        t.margin_top_mm = 16.0;
        t.margin_bottom_mm = 16.0;
        t.margin_left_mm = 14.0;
        t.margin_right_mm = 14.0;
        t
    }
    /// Tabloid newspaper (273 × 406 mm), four columns, no folio.
    pub fn tabloid() -> Self {
        let mut t = Self::new("tabloid", 273.0, 406.0);
        t.columns = 4;
        t.column_gap_mm = 6.0;
        t.column_rule = true;
        t.margin_left_mm = 15.0;
        t.margin_right_mm = 15.0;
        t.margin_top_mm = 18.0;
        t.margin_bottom_mm = 18.0;
        t.folio = None;
        t
    }
    /// The same template under another name.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }
    /// Sets all four margins.
    pub fn margins(mut self, top: f32, right: f32, bottom: f32, left: f32) -> Self {
        self.margin_top_mm = top;
        self.margin_right_mm = right;
        self.margin_bottom_mm = bottom;
        self.margin_left_mm = left;
        self
    }
    /// Sets the number of columns and the gap.
    pub fn columns(mut self, n: u32, gap_mm: f32) -> Self {
        self.columns = n.max(1);
        self.column_gap_mm = gap_mm;
        self
    }

    /// Text area in points: x, y (top), width, height.
    pub fn body(&self) -> [f32; 4] {
        let x = mm(self.margin_left_mm);
        let y = mm(self.margin_top_mm);
        let w = mm(self.width_mm - self.margin_left_mm - self.margin_right_mm);
        let h = mm(self.height_mm - self.margin_top_mm - self.margin_bottom_mm);
        [x, y, w, h]
    }

    /// Text area of the page numbered `n`: as [`Self::body`], mirrored on even pages
    /// of a facing-pages template.
    pub fn body_on(&self, n: u32) -> [f32; 4] {
        let mut b = self.body();
        if self.mirror && n.is_multiple_of(2) {
            b[0] = mm(self.margin_right_mm);
        }
        b
    }

    /// Width of one column in points.
    pub fn column_width(&self) -> f32 {
        let n = self.columns.max(1) as f32;
        (self.body()[2] - mm(self.column_gap_mm) * (n - 1.0)) / n
    }
}

/// Sizes and spacing of the text. Points unless named otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub body_size: f32,
    /// Line height as a multiple of the text size.
    pub leading: f32,
    /// Heading sizes by level (1, 2, 3, 4+).
    pub heading_sizes: [f32; 4],
    pub table_size: f32,
    /// Line height of table cells, multiple of the size.
    pub table_leading: f32,
    pub head_size: f32,
    pub folio_size: f32,
    /// Grey of table header shading (1 = white).
    pub header_shade: f32,
    /// Space after a paragraph, in lines of the paragraph.
    pub para_space: f32,
    /// Colour of chapter titles and heading rules.
    pub accent: Rgb,
    /// Let 。 and 、 hang past the right margin rather than push a character over
    /// (ぶら下げ). Off by default.
    pub hanging_punctuation: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            body_size: 10.5,
            leading: 1.7,
            heading_sizes: [16.0, 13.0, 11.5, 10.5],
            table_size: 9.0,
            table_leading: 1.45,
            head_size: 8.0,
            folio_size: 9.0,
            header_shade: 0.88,
            para_space: 0.0,
            accent: Rgb::hex(0x1f4e79),
            hanging_punctuation: false,
        }
    }
}
