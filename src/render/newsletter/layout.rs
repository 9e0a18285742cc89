//! The printed page: what goes where — the masthead, the articles balanced over the
//! columns, the departments' boxes in columns and over pages, the イメージ図 — and what
//! to say when it does not fit. Each part is a `typeset` frame (blocks set into a
//! region, every line composed there); this module places the frames and draws the
//! boxes, bands and column rules around them.

use super::markup::{Dept, Page};
use super::{Pages, Paper};
use crate::fonts::FontSet;
use crate::typeset::boxes::{pack, paginate};
use crate::typeset::structure::{NodeId, Role, Structure};
use crate::typeset::{
    mm, to_mm, Align, Block, FontKind, Frame, Heading, Item, Layout, List, ListKind, Overflow,
    Page as SheetPage, PageTemplate, Paragraph, Region, Rgb, Span, Style, Typesetter,
};

/// Line height of the text, times the size.
pub(super) const LEADING: f32 = 1.6;

/// Sheet, margins and type of a paper size.
pub(super) struct Geometry {
    pub(super) name: &'static str,
    pub(super) width: f32,
    pub(super) height: f32,
    /// Millimetres.
    pub(super) margin_x: f32,
    pub(super) margin_y: f32,
    pub(super) columns: usize,
    pub(super) gap: f32,
    /// Type sizes relative to the tabloid's.
    pub(super) scale: f32,
    /// What to suggest when the content is too long.
    pub(super) bigger: Option<&'static str>,
}

pub(super) fn geometry(paper: Paper) -> Geometry {
    match paper {
        Paper::Tabloid => Geometry {
            name: "タブロイド判",
            width: 273.0,
            height: 406.0,
            margin_x: 14.0,
            margin_y: 15.0,
            columns: 3,
            gap: 7.0,
            scale: 1.0,
            bigger: Some("A3"),
        },
        Paper::A3 => Geometry {
            name: "A3判",
            width: 297.0,
            height: 420.0,
            margin_x: 15.0,
            margin_y: 15.0,
            columns: 3,
            gap: 7.0,
            scale: 1.0,
            bigger: None,
        },
        Paper::A4 => Geometry {
            name: "A4判",
            width: 210.0,
            height: 297.0,
            margin_x: 12.0,
            margin_y: 12.0,
            columns: 2,
            gap: 6.0,
            scale: 0.85,
            bigger: Some("tabloid"),
        },
    }
}

/// Type sizes (points) and colours of the page.
pub(super) struct Look {
    pub(super) body: f32,
    pub(super) lead: f32,
    pub(super) kicker: f32,
    pub(super) title: f32,
    pub(super) title_main: f32,
    pub(super) section: f32,
    pub(super) band: f32,
    pub(super) dept: f32,
    pub(super) figure: f32,
    pub(super) accent: Rgb,
    pub(super) tint: Rgb,
}

impl Look {
    pub(super) fn new(s: f32) -> Look {
        Look {
            body: 8.5 * s,
            lead: 9.0 * s,
            kicker: 12.0 * s,
            title: 22.0 * s,
            title_main: 34.0 * s,
            section: 12.0 * s,
            band: 17.0 * s,
            dept: 10.5 * s,
            figure: 8.0 * s,
            accent: Rgb::hex(0x1f4e79),
            tint: Rgb::hex(0xdde6ef),
        }
    }

    pub(super) fn style(&self, body: f32) -> Style {
        Style {
            body_size: body,
            leading: LEADING,
            heading_sizes: [self.title, self.section, self.section, body],
            ..Style::default()
        }
    }
}

pub(super) fn para(content: Vec<Span>, align: Align, indent_em: f32, size: f32) -> Block {
    Block::Paragraph(Paragraph {
        content,
        align,
        indent_em,
        size: Some(size),
    })
}

/// The pages, or why the content does not fit in the `pages` allowed (which part
/// overflows, by how much, what to do).
pub(super) fn lay_out(
    page: &Page,
    names: &Names,
    fonts: &FontSet,
    paper: Paper,
    pages: Pages,
) -> Result<Layout, String> {
    let g = geometry(paper);
    let look = Look::new(g.scale);
    let ts = &Typesetter::new(fonts, look.style(look.body), vec![PageTemplate::a4()]);
    let x0 = mm(g.margin_x);
    let top = mm(g.margin_y);
    let width = mm(g.width - 2.0 * g.margin_x);
    let body_h = mm(g.height - 2.0 * g.margin_y);
    let gap = mm(g.gap);
    let cols = g.columns;
    let col_w = (width - gap * (cols as f32 - 1.0)) / cols as f32;
    let accent = look.accent;

    // 1. The masthead: kicker band, titles, a rule.
    let mast = masthead(ts, page, &look, width);
    let mast_h = mast.h;

    // 2. The lead and the articles, balanced over the columns.
    let blocks = article_blocks(page, &look);
    let section = look.section;
    let region = Region::new(width)
        .columns(cols as u32, gap)
        .max_height(body_h);
    let articles = ts
        .balanced_frame(&look.style(look.body), &region, &blocks)
        .map_err(|Overflow { lines: n }| {
            format!(
                "広報ページ（{}）に収まりません: リード文と記事が {n} 行はみ出します（第{cols}段）。page.hbs の文章を短くしてください",
                g.name
            )
        })?
        .tinted(
            move |r| r.font == FontKind::Heading && (r.size - section).abs() < 0.01,
            accent,
        );

    // 3. The band over the departments.
    let band_pad = band_pad();
    let (band_text, band_h) = band(ts, &page.departments.heading, &look, width);

    // 4. The figure box.
    let figure = figure(ts, page, &look, width);

    // 5. The departments, in boxes, whole boxes per column; on the first page what
    // fits, the rest on continuation pages (running title and （続き）) as `pages`
    // allows.
    let boxes: Vec<Frame> = page
        .departments
        .items
        .iter()
        .map(|d| dept_box(ts, d, &look, col_w))
        .collect();
    let box_gap = mm(3.5);
    let gaps = [mm(4.0), mm(5.0), mm(4.0), mm(6.0)];
    let fixed = mast_h + articles.h + band_h + figure.h + gaps.iter().sum::<f32>();
    let avail = body_h - fixed;
    let heights: Vec<f32> = boxes.iter().map(|b| b.h).collect();
    let cont = continuation_head(ts, page, &look, width, band_h);
    let cont_avail = body_h - cont.h - gaps[2];
    let name = |i: usize| names.name(i);
    let place = |i: usize| names.place(i);
    let lh = look.body * LEADING;
    let runs = match paginate(&heights, cols, box_gap, avail, cont_avail) {
        Ok(runs) => runs,
        Err(i) => {
            let by = ((heights[i] - cont_avail) / lh).ceil().max(1.0) as usize;
            return Err(format!(
                "{}{}の使命・目標は広報ページ（{}）の一段に収まりません（{by} 行はみ出します）。使命・目標（{}字）を短くしてください",
                place(i),
                name(i),
                g.name,
                dept_chars(&page.departments.items[i]),
            ));
        }
    };
    let limit = match pages {
        Pages::Auto => usize::MAX,
        Pages::Fixed(n) => n as usize,
    };
    if runs.len() > limit {
        // The last page allowed and the boxes from its first on.
        let last = limit - 1;
        let from = runs[last].start;
        let cap = if last == 0 { avail } else { cont_avail };
        let heights = &heights[from..];
        let placed = pack(heights, cols, box_gap, cap);
        let over = placed.overflows.clone();
        let name = |i: usize| name(from + i);
        let parts: Vec<String> = over
            .iter()
            .map(|&(i, col, by)| {
                let n = (by / lh).ceil().max(1.0) as usize;
                let after = placed.unplaced_after(i);
                let whom = if after > 0 {
                    format!("{}（と続く {after} 部）", name(i))
                } else {
                    name(i)
                };
                let at = if limit > 1 {
                    format!("{}ページ目の", last + 1)
                } else {
                    String::new()
                };
                format!(
                    "{whom}の使命・目標が {n} 行はみ出します（{at}第{}段）",
                    col + 1
                )
            })
            .collect();
        // The department that makes the page too long: the tallest box, and how
        // many of its lines must go for everything to fit.
        let tallest = (0..heights.len())
            .max_by(|&a, &b| heights[a].total_cmp(&heights[b]))
            .unwrap_or(0);
        let per_line = ((col_w - mm(5.0)) / look.body) as usize;
        // At most the lines its text has (the box's height also holds its name).
        let text_lines = dept_chars(&page.departments.items[from + tallest]) / per_line.max(1);
        let box_lines = ((heights[tallest] / lh) as usize).min(text_lines);
        let cut = (1..=box_lines).find(|&k| {
            let mut h = heights.to_vec();
            h[tallest] -= k as f32 * lh;
            pack(&h, cols, box_gap, cap).overflows.is_empty()
        });
        let fix = match cut {
            Some(k) => format!(
                "いちばん長い{}の使命・目標（{}字）を {k} 行（約 {} 字）縮めれば収まります。ほかに、",
                name(tallest),
                dept_chars(&page.departments.items[from + tallest]),
                k * per_line
            ),
            None => String::new(),
        };
        let bigger = g
            .bigger
            .map(|b| format!("hoshin.toml の [newsletter] paper = \"{b}\" で大きな紙にする、"))
            .unwrap_or_default();
        let room = if last == 0 {
            format!(
                "紙面の高さ {:.0}mm のうち 題字 {:.0}mm、記事 {:.0}mm、イメージ図 {:.0}mm で、各部の使命・目標に {:.0}mm が残ります",
                to_mm(body_h),
                to_mm(mast_h),
                to_mm(articles.h),
                to_mm(figure.h),
                to_mm(avail.max(0.0)),
            )
        } else {
            format!(
                "{}ページ目は高さ {:.0}mm のうち各部の使命・目標に {:.0}mm",
                last + 1,
                to_mm(body_h),
                to_mm(cont_avail.max(0.0)),
            )
        };
        let pages_now = if limit > 1 {
            format!("{limit} ページ")
        } else {
            "1 ページ".to_string()
        };
        return Err(format!(
            "{}広報ページ（{}、[newsletter] pages = {limit}）に収まりません: {}。{fix}使命・目標を短くする、[newsletter] featured の注目事業を減らす、{bigger}[newsletter] pages を増やすか \"auto\" にする（全体で {} ページになります）のいずれかをしてください（{pages_now}では足りません。{room}）",
            // A department's text is the cause only where shortening it is enough.
            if cut.is_some() {
                place(from + tallest)
            } else {
                String::new()
            },
            g.name,
            parts.join("、"),
            runs.len(),
        ));
    }

    // The page's structure, in reading order: masthead, articles, the departments
    // (box by box, column by column, over the pages), the figure.
    let mut tree = Structure::default();
    let mut depts: NodeId = 0;
    let mut sheets = Vec::new();
    for (p, run) in runs.iter().enumerate() {
        let cap = if p == 0 { avail } else { cont_avail };
        let heights = &heights[run.clone()];
        let placed = pack(heights, cols, box_gap, cap);
        let mut items = Vec::new();
        let mut y = top;
        let region_h = placed.height;
        let mut gaps: Vec<f32> = gaps.to_vec();
        if p == 0 {
            // Spare height: more air between the parts (the figure stays at the foot),
            // the boxes of each column stretched to the tallest column.
            let spare = (avail - placed.height).max(0.0);
            let extra = (spare / 4.0).min(mm(8.0));
            gaps = gaps.iter().map(|g| g + extra).collect();
            gaps[3] += spare - 4.0 * extra;
            mast.place(x0, y, 0, &mut tree, &mut items);
            y += mast_h + gaps[0];
            articles.place(x0, y, 0, &mut tree, &mut items);
            for c in 1..cols {
                let x = x0 + c as f32 * (col_w + gap) - gap / 2.0;
                items.push(Item::rule(x, y, x, y + articles.h, 0.4, Rgb::gray(0.6)));
            }
            y += articles.h + gaps[1];
            items.push(Item::fill(x0, y, width, band_h, accent));
            depts = tree.push(Role::Sect, 0);
            let ty = y + (band_h - band_text.h) / 2.0;
            band_text.place(x0 + band_pad, ty, depts, &mut tree, &mut items);
            y += band_h + gaps[2];
        } else {
            items.extend(cont.at(x0, y));
            y += cont.h + gaps[2];
        }
        for b in placed.placed(heights, box_gap, y) {
            let x = x0 + b.column as f32 * (col_w + gap);
            boxes[run.start + b.index].place(x, b.y, depts, &mut tree, &mut items);
            items.extend(Item::border(x, b.y, col_w, b.h, 0.8, accent));
        }
        if p == 0 {
            y += region_h + gaps[3];
            figure.place(x0, y, 0, &mut tree, &mut items);
        }
        sheets.push(SheetPage {
            width: mm(g.width),
            height: mm(g.height),
            body: [x0, top, width, body_h],
            number: p as u32 + 1,
            items,
        });
    }

    Ok(Layout {
        pages: sheets,
        anchors: Default::default(),
        outline: Vec::new(),
        structure: tree,
    })
}

/// The head of a continuation page: the running title with 「（続き）」, a rule, and
/// the departments' band again (`band_h` high) with 「（続き）」.
pub(super) fn continuation_head(
    ts: &Typesetter,
    page: &Page,
    look: &Look,
    width: f32,
    band_h: f32,
) -> Frame {
    let size = look.section;
    let title = ts
        .column(
            &look.style(size),
            width,
            &[para(
                vec![Span::strong(format!("{}（続き）", page.title))],
                Align::Left,
                0.0,
                size,
            )],
        )
        .tinted(|_| true, look.accent);
    let band_pad = band_pad();
    let (band, _) = self::band(
        ts,
        &format!("{}（続き）", page.departments.heading),
        look,
        width,
    );
    let mut p = Frame::default();
    p.items.extend(title.at(0.0, 0.0));
    let mut y = title.h + mm(1.0);
    p.items.push(Item::rule(0.0, y, width, y, 1.2, look.accent));
    y += mm(4.0);
    p.items.push(Item::fill(0.0, y, width, band_h, look.accent));
    p.items
        .extend(band.at(band_pad, y + (band_h - band.h) / 2.0));
    p.h = y + band_h;
    // A running head: the title and band repeated.
    p.into_artifact()
}

/// The masthead, `width` wide: kicker band, titles, a rule.
pub(super) fn masthead(ts: &Typesetter, page: &Page, look: &Look, width: f32) -> Frame {
    let mut mast = Frame::default();
    let mut y = 0.0;
    if !page.kicker.is_empty() {
        let pad = mm(3.0);
        let p = ts
            .column(
                &look.style(look.kicker),
                width - 2.0 * pad,
                &[para(
                    vec![Span::strong(page.kicker.clone())],
                    Align::Left,
                    0.0,
                    look.kicker,
                )],
            )
            .tinted(|_| true, Rgb::gray(1.0));
        let band = p.h + mm(1.5);
        mast.items
            .push(Item::fill(0.0, 0.0, width, band, look.accent));
        mast.put(&p, pad, (band - p.h) / 2.0, 0);
        y = band + mm(2.0);
    }
    // The titles, one heading however many lines.
    let h1 = if page.titles.is_empty() {
        0
    } else {
        mast.structure.push(Role::H(1), 0)
    };
    for (i, t) in page.titles.iter().enumerate() {
        let main = i + 1 == page.titles.len() && page.titles.len() > 1;
        let size = if main { look.title_main } else { look.title };
        // A title stays on one line where it can: smaller type for a long one.
        let size = size.min(width / (t.chars().count().max(1) as f32 + 0.5));
        let mut st = look.style(size);
        st.leading = 1.35;
        let p = ts.column(
            &st,
            width,
            &[para(vec![Span::strong(t.clone())], Align::Left, 0.0, size)],
        );
        let p = if main {
            p.tinted(|_| true, look.accent)
        } else {
            p
        };
        mast.put_as(&p, 0.0, y, h1);
        y += p.h;
    }
    y += mm(1.0);
    mast.items
        .push(Item::rule(0.0, y, width, y, 2.0, look.accent));
    mast.h = y + 1.0;
    mast
}

pub(super) fn dept_chars(d: &Dept) -> usize {
    d.headline.chars().count()
        + d.bullets
            .iter()
            .map(|b| b.text.chars().count())
            .sum::<usize>()
}

/// A department's name, set `len` long.
pub(super) fn dept_name(ts: &Typesetter, d: &Dept, look: &Look, len: f32) -> Frame {
    ts.column(
        &look.style(look.dept),
        len,
        &[para(
            vec![Span::strong(d.name.clone())],
            Align::Left,
            0.0,
            look.dept,
        )],
    )
    .tinted(|_| true, look.accent)
    .with_role(Role::H(3))
}

/// A department's headline and bullets (consecutive bullets with one marker make one
/// list).
pub(super) fn dept_blocks(d: &Dept, look: &Look) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !d.headline.is_empty() {
        blocks.push(para(
            vec![Span::strong(d.headline.clone())],
            Align::Justify,
            0.0,
            look.body,
        ));
    }
    let mut i = 0;
    while i < d.bullets.len() {
        let marker = d.bullets[i].marker.clone();
        let mut items = Vec::new();
        while i < d.bullets.len() && d.bullets[i].marker == marker {
            items.push(vec![Span::text(d.bullets[i].text.clone())]);
            i += 1;
        }
        blocks.push(Block::List(List {
            kind: ListKind::Marker(marker),
            items,
            start: 1,
        }));
    }
    blocks
}

/// The lead, the contact line and the articles, as blocks.
pub(super) fn article_blocks(page: &Page, look: &Look) -> Vec<Block> {
    let mut blocks = Vec::new();
    for l in &page.lead {
        blocks.push(para(
            vec![Span::text(l.clone())],
            Align::Justify,
            1.0,
            look.lead,
        ));
    }
    if !page.contact.is_empty() {
        blocks.push(para(
            vec![Span::strong(page.contact.clone())],
            Align::Right,
            0.0,
            look.body,
        ));
    }
    for sec in &page.sections {
        blocks.push(Block::Heading(Heading {
            level: 3,
            text: sec.heading.clone(),
            anchor: None,
            outline: false,
        }));
        for p in &sec.paragraphs {
            blocks.push(para(
                vec![Span::text(p.clone())],
                Align::Justify,
                1.0,
                look.body,
            ));
        }
    }
    blocks
}

/// The band over the departments, `width` wide: its text, its height.
pub(super) fn band(ts: &Typesetter, text: &str, look: &Look, width: f32) -> (Frame, f32) {
    let t = ts
        .column(
            &look.style(look.band),
            width - 2.0 * band_pad(),
            &[para(
                vec![Span::strong(text.to_string())],
                Align::Left,
                0.0,
                look.band,
            )],
        )
        .tinted(|_| true, Rgb::gray(1.0))
        .with_role(Role::H(2));
    let h = t.h + mm(1.0);
    (t, h)
}

/// Inner margin of the band's text.
pub(super) fn band_pad() -> f32 {
    mm(3.0)
}

/// Department `i`'s name (as the workbooks have it), and where its text comes from —
/// its workbook and field, as a check problem says it — for messages.
pub(super) struct Names<'a> {
    pub(super) page: &'a Page,
    pub(super) names: &'a [&'a str],
    pub(super) sources: &'a [&'a str],
}

impl Names<'_> {
    pub(super) fn name(&self, i: usize) -> String {
        let n = self.page.departments.items.len();
        self.names
            .get(i)
            .filter(|_| self.names.len() == n)
            .map(|s| s.to_string())
            .unwrap_or_else(|| self.page.departments.items[i].name.clone())
    }
    pub(super) fn place(&self, i: usize) -> String {
        let n = self.page.departments.items.len();
        match self.sources.get(i).filter(|_| self.sources.len() == n) {
            Some(f) => format!("{f} 使命・目標（{}）: ", self.name(i)),
            None => String::new(),
        }
    }
}

/// A department's box (without its frame): name on a tinted band, the headline, the
/// bullets. `w` is the outer width.
fn dept_box(ts: &Typesetter, d: &Dept, look: &Look, w: f32) -> Frame {
    let pad = mm(2.5);
    let inner = w - 2.0 * pad;
    let name = dept_name(ts, d, look, inner);
    let band = name.h + mm(0.5);
    let blocks = dept_blocks(d, look);
    let body = ts.column(&look.style(look.body), inner, &blocks);
    let mut p = Frame::default();
    let sect = p.structure.push(Role::Sect, 0);
    p.items.push(Item::fill(0.0, 0.0, w, band, look.tint));
    p.put(&name, pad, (band - name.h) / 2.0, sect);
    p.items
        .push(Item::rule(0.0, band, w, band, 0.5, look.accent));
    p.put(&body, pad, band + mm(1.8), sect);
    p.h = band + mm(1.8) + body.h + mm(0.5);
    p
}

/// The イメージ図 box (nothing when the template has none): the booklet's structure on the left, the featured projects with
/// their 目標指標 on the right.
pub(super) fn figure(ts: &Typesetter, page: &Page, look: &Look, width: f32) -> Frame {
    let f = &page.figure;
    if f.heading.is_empty()
        && f.diagram.title.is_empty()
        && f.diagram.boxes.is_empty()
        && f.examples.projects.is_empty()
    {
        return Frame::default();
    }
    let pad = mm(3.5);
    let fs = look.figure;
    let st = look.style(fs);
    let heading = ts
        .column(
            &look.style(look.section),
            width - 2.0 * pad,
            &[para(
                vec![Span::strong(f.heading.clone())],
                Align::Left,
                0.0,
                look.section,
            )],
        )
        .tinted(|_| true, look.accent)
        .with_role(Role::H(2));
    let head_h = heading.h + mm(1.0);
    let inner = width - 2.0 * pad;
    let left_w = inner * 0.36;
    let right_x = left_w + mm(6.0);
    let right_w = inner - right_x;

    // The structure: a box titled like a department's booklet, a box per part, and
    // the part's contents as boxes side by side.
    // The diagram as what it shows: its title, then a Div per box with its heading
    // and its cells' texts.
    let mut d = Frame::default();
    let div = d.structure.push(Role::Div, 0);
    let title = ts.column(
        &st,
        left_w - mm(4.0),
        &[para(
            vec![Span::strong(f.diagram.title.clone())],
            Align::Center,
            0.0,
            fs * 1.1,
        )],
    );
    d.put(&title, mm(2.0), mm(1.5), div);
    let mut y = mm(1.5) + title.h + mm(1.0);
    let bw = left_w - mm(4.0);
    for b in &f.diagram.boxes {
        let mut inner = Frame::default();
        let bdiv = inner.structure.push(Role::Div, 0);
        let h1 = ts.column(
            &st,
            bw - mm(3.0),
            &[para(
                vec![Span::strong(b.heading.clone())],
                Align::Left,
                0.0,
                fs,
            )],
        );
        inner.put(&h1, mm(1.5), mm(1.0), bdiv);
        let mut by = mm(1.0) + h1.h;
        if !b.cells.is_empty() {
            let n = b.cells.len() as f32;
            let cg = mm(2.0);
            let cw = (bw - mm(3.0) - cg * (n - 1.0)) / n;
            let cells: Vec<Frame> = b
                .cells
                .iter()
                .map(|c| {
                    ts.column(
                        &st,
                        cw - mm(2.0),
                        &[para(vec![Span::text(c.clone())], Align::Center, 0.0, fs)],
                    )
                })
                .collect();
            let ch = cells.iter().map(|c| c.h).fold(0.0, f32::max) + mm(1.0);
            for (k, c) in cells.iter().enumerate() {
                let cx = mm(1.5) + k as f32 * (cw + cg);
                inner.items.push(Item::fill(cx, by, cw, ch, Rgb::gray(1.0)));
                inner
                    .items
                    .extend(Item::border(cx, by, cw, ch, 0.5, Rgb::gray(0.35)));
                inner.put(c, cx + mm(1.0), by + (ch - c.h) / 2.0, bdiv);
            }
            by += ch;
        }
        by += mm(1.5);
        d.items.push(Item::fill(mm(2.0), y, bw, by, look.tint));
        d.items
            .extend(Item::border(mm(2.0), y, bw, by, 0.6, look.accent));
        d.put(&inner, mm(2.0), y, div);
        y += by + mm(1.5);
    }
    d.h = y + mm(0.5);
    d.items
        .extend(Item::border(0.0, 0.0, left_w, d.h, 1.0, look.accent));

    // The featured projects, in two columns.
    let mut blocks = Vec::new();
    for p in &f.examples.projects {
        blocks.push(Block::Heading(Heading {
            level: 4,
            text: p.heading.clone(),
            anchor: None,
            outline: false,
        }));
        for t in &p.paragraphs {
            blocks.push(para(vec![Span::text(t.clone())], Align::Justify, 1.0, fs));
        }
        if let Some(i) = &p.indicator {
            blocks.push(para(
                vec![Span::strong(i.label.clone()), Span::text(i.text.clone())],
                Align::Justify,
                0.0,
                fs,
            ));
        }
        blocks.push(Block::Space(1.5));
    }
    let ex_head = ts
        .column(
            &st,
            right_w,
            &[para(
                vec![Span::strong(f.examples.heading.clone())],
                Align::Left,
                0.0,
                fs * 1.1,
            )],
        )
        .with_role(Role::H(3));
    let n = 2;
    let region = Region::new(right_w)
        .columns(n, mm(5.0))
        .max_height(mm(2000.0));
    let ex = ts
        .balanced_frame(&st, &region, &blocks)
        .unwrap_or_else(|_| ts.column(&st, right_w, &blocks));
    let right_h = ex_head.h + mm(1.0) + ex.h;

    let content_h = d.h.max(right_h);
    // A section: its heading, the diagram, the examples.
    let mut p = Frame::default();
    let sect = p.structure.push(Role::Sect, 0);
    p.items.push(Item::fill(0.0, 0.0, width, head_h, look.tint));
    p.put(&heading, pad, (head_h - heading.h) / 2.0, sect);
    p.items
        .push(Item::rule(0.0, head_h, width, head_h, 0.6, look.accent));
    let cy = head_h + mm(3.0);
    p.put(&d, pad, cy, sect);
    let examples = p.structure.push(Role::Div, sect);
    p.put(&ex_head, pad + right_x, cy, examples);
    p.put(&ex, pad + right_x, cy + ex_head.h + mm(1.0), examples);
    {
        let x = pad + right_x + (right_w - mm(5.0)) / 2.0 + mm(2.5);
        let y0 = cy + ex_head.h + mm(1.0);
        p.items
            .push(Item::rule(x, y0, x, y0 + ex.h, 0.4, Rgb::gray(0.6)));
    }
    p.h = cy + content_h + mm(3.0);
    p.items
        .extend(Item::border(0.0, 0.0, width, p.h, 1.2, look.accent));
    p
}
