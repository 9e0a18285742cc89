//! The document tree the typesetter takes: blocks of styled text, lists, tables and
//! markers. It knows nothing about where the text came from.

/// Which of the two fonts of a [`crate::fonts::FontSet`] a span is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontKind {
    /// Mincho: body text.
    Body,
    /// Gothic: headings, emphasis, table headers.
    Heading,
}

/// Where a span links to.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// An [`Block::Anchor`] or a heading's anchor in the same document.
    Anchor(String),
    /// An external address.
    Uri(String),
}

/// A run of text in one font. Sizes come from the block's style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub font: FontKind,
    pub link: Option<Link>,
}

impl Span {
    /// Body text (Mincho).
    pub fn text(t: impl Into<String>) -> Self {
        Span {
            text: t.into(),
            font: FontKind::Body,
            link: None,
        }
    }
    /// Emphasis (Gothic).
    pub fn strong(t: impl Into<String>) -> Self {
        Span {
            text: t.into(),
            font: FontKind::Heading,
            link: None,
        }
    }
    /// The same span, linking to `link`.
    pub fn with_link(mut self, link: Link) -> Self {
        self.link = Some(link);
        self
    }
}

/// Text made of spans. `\n` inside a span is a forced line break.
pub type Inline = Vec<Span>;

/// Horizontal alignment of lines. Justified lines fill the measure except the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Justify,
    Left,
    Center,
    Right,
}

/// A heading. Levels start at 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Anchor name other blocks can link to and whose page number can be read back.
    pub anchor: Option<String>,
    /// Whether the heading appears in the PDF outline (bookmarks).
    pub outline: bool,
}

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub content: Inline,
    pub align: Align,
    /// First-line indent in em (Japanese paragraphs start one full-width space in).
    pub indent_em: f32,
    /// Size in points; `None` takes the style's body size.
    pub size: Option<f32>,
}

/// How list items are marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListKind {
    /// `○`.
    Bullet,
    /// `(1)`, `(2)`, … (the usual style of Japanese public documents).
    Numbered,
    /// The same marker before every item, e.g. `"●"` or `"※"`.
    Marker(String),
}

/// A list; each item is one paragraph set with a hanging indent.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub kind: ListKind,
    pub items: Vec<Inline>,
    /// Start number for numbered lists.
    pub start: u32,
}

/// A table cell: text, its alignment, and how many columns it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub content: Inline,
    pub align: Option<Align>,
    /// Number of columns the cell covers (1 or more).
    pub span: usize,
    /// Number of rows the cell covers (1 or more); the rows below leave its columns out.
    /// Rows tied together this way are kept on one page.
    pub rows: usize,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Self {
        Cell {
            content: vec![Span::text(t)],
            align: None,
            span: 1,
            rows: 1,
        }
    }
    /// The same cell covering `n` rows.
    pub fn down(mut self, n: usize) -> Self {
        self.rows = n.max(1);
        self
    }
    /// The same cell covering `n` columns.
    pub fn spanning(mut self, n: usize) -> Self {
        self.span = n.max(1);
        self
    }
    pub fn aligned(mut self, a: Align) -> Self {
        self.align = Some(a);
        self
    }
}

/// How a table's column widths are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnWidths {
    /// [`Table::columns`] are shares of the measure; the table fills it.
    #[default]
    Shares,
    /// From each column's content, as HTML's automatic table layout: every column at
    /// least as wide as its widest unbreakable piece (a number with its unit), the
    /// rest of the measure given where text would otherwise wrap; room left over is
    /// shared by [`Table::columns`]. The table fills the measure.
    Auto,
    /// As [`ColumnWidths::Auto`], but the table is only as wide as its content (at
    /// most the measure): a two-column list of figures.
    Content,
}

/// A table. Column widths are relative weights shared out over the measure, or found
/// from the content ([`ColumnWidths`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<f32>,
    /// Default alignment per column (cells may override).
    pub aligns: Vec<Align>,
    /// The first `header_rows` rows are the header: shaded, set in Gothic, and
    /// repeated on every page the table continues on.
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
    /// Text size in points; `None` takes the style's table size.
    pub size: Option<f32>,
    /// Centre cells vertically in their rows (otherwise they hang from the top).
    pub middle: bool,
    /// How the column widths are found.
    pub widths: ColumnWidths,
}

impl Table {
    /// A table with one header row (`header`), relative column widths, justified
    /// columns.
    ///
    /// ```
    /// use hoshin::typeset::{Align, Block, Table};
    /// let t = Table::new(&[1.0, 3.0], &["番号", "事業名"], vec![vec!["1".into(), "道路の改良".into()]])
    ///     .align(0, Align::Right);
    /// let _ = Block::Table(t);
    /// ```
    pub fn new(columns: &[f32], header: &[&str], rows: Vec<Vec<String>>) -> Self {
        let mut all = vec![header.iter().map(|h| Cell::text(*h)).collect::<Vec<_>>()];
        all.extend(
            rows.into_iter()
                .map(|r| r.into_iter().map(Cell::text).collect()),
        );
        Table {
            columns: columns.to_vec(),
            aligns: vec![Align::Justify; columns.len()],
            header_rows: 1,
            rows: all,
            size: None,
            middle: false,
            widths: ColumnWidths::Shares,
        }
    }
    /// Sets how the column widths are found.
    pub fn widths(mut self, w: ColumnWidths) -> Self {
        self.widths = w;
        self
    }
    /// Sets the alignment of column `i`.
    pub fn align(mut self, i: usize, a: Align) -> Self {
        if let Some(x) = self.aligns.get_mut(i) {
            *x = a;
        }
        self
    }
}

/// One entry of a table of contents: text, dot leaders, right-aligned page label.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    /// What to print as the page number (filled from a previous layout pass).
    pub page: String,
    /// Where the entry links to.
    pub target: Option<String>,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    List(List),
    Table(Table),
    Toc(TocEntry),
    /// Start a new page; `Some(name)` also switches to the named page template.
    PageBreak(Option<String>),
    /// Continue in the next column (or page, from the last column).
    ColumnBreak,
    /// Number this page (if nothing is on it yet) or the next one `n`; later pages
    /// count on from it. E.g. after an unnumbered cover, start the body at 1.
    PageNumber(u32),
    /// Vertical space in millimetres (dropped at the top of a page).
    Space(f32),
    /// Marks the current position with a name, for links and page numbers.
    Anchor(String),
    /// Sets the running head printed on this page (if nothing is on it yet) and the
    /// pages that follow.
    RunningHead(String),
    /// A horizontal rule across the measure.
    Rule,
    /// The inner block, kept on the page (column) of the block that follows it: a
    /// caption, or a 「（単位：千円）」 note above a table.
    Keep(Box<Block>),
    /// Blocks kept together on one page (column) when one can hold them all, e.g. a
    /// project's heading, description and table; otherwise flowed as usual.
    Together(Vec<Block>),
}

impl Block {
    /// A level-`level` heading that appears in the outline.
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Block::Heading(Heading {
            level,
            text: text.into(),
            anchor: None,
            outline: true,
        })
    }
    /// A level-`level` heading with an anchor, in the outline.
    pub fn heading_anchored(level: u8, text: impl Into<String>, anchor: impl Into<String>) -> Self {
        Block::Heading(Heading {
            level,
            text: text.into(),
            anchor: Some(anchor.into()),
            outline: true,
        })
    }
    /// A right-aligned note kept with the block that follows, e.g. `（単位：千円）`
    /// above a table.
    pub fn note(text: impl Into<String>) -> Self {
        Block::Keep(Box::new(Block::Paragraph(Paragraph {
            content: vec![Span::text(text)],
            align: Align::Right,
            indent_em: 0.0,
            size: None,
        })))
    }
    /// A justified body paragraph with a one-em first-line indent.
    pub fn para(text: impl Into<String>) -> Self {
        Block::Paragraph(Paragraph {
            content: vec![Span::text(text)],
            align: Align::Justify,
            indent_em: 1.0,
            size: None,
        })
    }
    /// A paragraph from spans, justified, no indent.
    pub fn spans(content: Inline) -> Self {
        Block::Paragraph(Paragraph {
            content,
            align: Align::Justify,
            indent_em: 0.0,
            size: None,
        })
    }
    /// A bulleted list of plain-text items.
    pub fn bullets<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Block::List(List {
            kind: ListKind::Bullet,
            items: items.into_iter().map(|s| vec![Span::text(s)]).collect(),
            start: 1,
        })
    }
    /// A numbered list of plain-text items, from 1.
    pub fn numbered<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Block::List(List {
            kind: ListKind::Numbered,
            items: items.into_iter().map(|s| vec![Span::text(s)]).collect(),
            start: 1,
        })
    }
}

/// A document: blocks in reading order plus what the PDF says about itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new() -> Self {
        Document::default()
    }
    /// Appends a block (builder style).
    pub fn push(&mut self, b: Block) -> &mut Self {
        self.blocks.push(b);
        self
    }
}
