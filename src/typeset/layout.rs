//! Page layout: flows the blocks of a [`Document`] through page templates and columns,
//! keeping headings with what follows, at least two lines of a paragraph on either
//! side of a page break, and table header rows on every page a table continues on.

use crate::fonts::FontSet;
use std::collections::BTreeMap;

use super::compose::{compose_display, compose_with, Composed};
use super::doc::*;
use super::metrics::Metrics;
use super::page::*;
use super::structure::{as_artifact, stamp, Role, Tagger, ARTIFACT};
use super::template::{mm, PageTemplate, Style};

#[path = "tagging.rs"]
mod tagging;

/// Lays documents out. Build once (it reads the fonts' metrics) and reuse for every
/// pass and document.
///
/// ```
/// use hoshin::fonts::FontSet;
/// use hoshin::typeset::{Block, Document, PageTemplate, Style, Typesetter};
/// let ts = Typesetter::new(&FontSet::default(), Style::default(), vec![PageTemplate::a4()]);
/// let mut doc = Document::new();
/// doc.push(Block::heading_anchored(1, "はじめに", "intro"));
/// doc.push(Block::para("本市の運営方針を示します。"));
/// let layout = ts.layout(&doc);
/// assert_eq!(layout.page_of("intro"), Some(1));
/// ```
pub struct Typesetter {
    pub metrics: Metrics,
    pub style: Style,
    /// The first template is used from the first page on.
    pub templates: Vec<PageTemplate>,
    /// Printed number of the first page.
    pub first_number: u32,
}

/// A laid-out piece that moves as a whole: items relative to its top-left corner.
#[derive(Debug, Clone, Default)]
struct Piece {
    h: f32,
    items: Vec<Item>,
}

impl Piece {
    fn moved(&self, dx: f32, dy: f32) -> impl Iterator<Item = Item> + '_ {
        self.items.iter().map(move |it| shift(it, dx, dy))
    }
}

fn shift(it: &Item, dx: f32, dy: f32) -> Item {
    match it {
        Item::Text(r) => Item::Text(GlyphRun {
            x: r.x + dx,
            y: r.y + dy,
            ..r.clone()
        }),
        Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
            dotted,
        } => Item::Rule {
            x1: x1 + dx,
            y1: y1 + dy,
            x2: x2 + dx,
            y2: y2 + dy,
            width: *width,
            color: *color,
            dotted: *dotted,
        },
        Item::Fill { x, y, w, h, color } => Item::Fill {
            x: x + dx,
            y: y + dy,
            w: *w,
            h: *h,
            color: *color,
        },
        Item::Link {
            x,
            y,
            w,
            h,
            target,
            node,
        } => Item::Link {
            x: x + dx,
            y: y + dy,
            w: *w,
            h: *h,
            target: target.clone(),
            node: *node,
        },
    }
}

impl Typesetter {
    /// A typesetter for `fonts` with `style`; `templates[0]` is the starting template.
    pub fn new(fonts: &FontSet, style: Style, templates: Vec<PageTemplate>) -> Self {
        assert!(!templates.is_empty(), "at least one page template");
        Typesetter {
            metrics: Metrics::new(fonts),
            style,
            templates,
            first_number: 1,
        }
    }

    /// Lays `doc` out into pages.
    pub fn layout(&self, doc: &Document) -> Layout {
        self.flow(doc).finish()
    }

    /// Flows `doc` into pages without their running heads, column rules and folios,
    /// so that the pages can still be renumbered ([`Flowed::renumber`]) without
    /// laying the document out again: page numbers never change where text breaks.
    pub fn flow(&self, doc: &Document) -> Flowed<'_> {
        let mut f = Flow {
            ts: self,
            out: Layout::default(),
            tpl: 0,
            col: 0,
            y: 0.0,
            fresh: true,
            col_top: 0.0,
            col_tops: Vec::new(),
            next_number: None,
            explicit_top: true,
            heads: Vec::new(),
            tpls: Vec::new(),
            head: None,
            open: false,
            tags: Tagger::default(),
        };
        for (i, b) in doc.blocks.iter().enumerate() {
            f.block(b, &doc.blocks[i + 1..]);
        }
        if !f.open {
            f.new_page();
        }
        Flowed {
            ts: self,
            out: f.out,
            heads: f.heads,
            tpls: f.tpls,
            col_tops: f.col_tops,
        }
    }

    /// Share of the em box above the baseline (0.88 for IPAex).
    fn ascent(&self) -> f32 {
        let m = &self.metrics.body;
        m.ascender as f32 / (m.ascender - m.descender).max(1) as f32
    }

    /// Lays out a document that refers to its own page numbers (a table of contents,
    /// "see page n"): `build` gets the previous pass's layout (empty at first) and
    /// returns the document; passes repeat until the anchors stop moving (at most 4).
    ///
    /// ```
    /// use hoshin::fonts::FontSet;
    /// use hoshin::typeset::*;
    /// let ts = Typesetter::new(&FontSet::default(), Style::default(), vec![PageTemplate::a4()]);
    /// let layout = ts.layout_until_stable(|prev| {
    ///     let page = |a: &str| prev.page_of(a).map_or("0".to_string(), |n| n.to_string());
    ///     let mut d = Document::new();
    ///     d.push(Block::Toc(TocEntry { level: 1, text: "総務部".into(), page: page("somu"), target: Some("somu".into()) }))
    ///         .push(Block::PageBreak(None))
    ///         .push(Block::heading_anchored(1, "総務部", "somu"));
    ///     d
    /// });
    /// assert_eq!(layout.page_of("somu"), Some(2));
    /// ```
    pub fn layout_until_stable(&self, build: impl Fn(&Layout) -> Document) -> Layout {
        let mut layout = self.layout(&build(&Layout::default()));
        for _ in 0..3 {
            let next = self.layout(&build(&layout));
            if next.anchors == layout.anchors {
                return next;
            }
            layout = next;
        }
        layout
    }

    /// Sets `spans` into lines of `width` points, each line a piece of height `lh`.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &self,
        spans: &[Span],
        size: f32,
        align: Align,
        first_indent: f32,
        hang: f32,
        width: f32,
        lh: f32,
    ) -> Vec<Piece> {
        self.set_lines(spans, size, align, first_indent, hang, width, lh, false)
    }

    /// [`Self::lines`] for display text (headings, titles, paragraphs not justified):
    /// broken between phrases and balanced.
    #[allow(clippy::too_many_arguments)]
    fn display_lines(
        &self,
        spans: &[Span],
        size: f32,
        align: Align,
        first_indent: f32,
        hang: f32,
        width: f32,
        lh: f32,
    ) -> Vec<Piece> {
        let display = align != Align::Justify;
        self.set_lines(spans, size, align, first_indent, hang, width, lh, display)
    }

    #[allow(clippy::too_many_arguments)]
    fn set_lines(
        &self,
        spans: &[Span],
        size: f32,
        align: Align,
        first_indent: f32,
        hang: f32,
        width: f32,
        lh: f32,
        display: bool,
    ) -> Vec<Piece> {
        let measure = move |n: usize| {
            if n == 0 {
                (first_indent, width - first_indent)
            } else {
                (hang, width - hang)
            }
        };
        // Display text is broken between phrases and balanced (a dozen compositions
        // instead of one: kept to headings and titles, not table cells; measured 23 %
        // of layout time on the stress document when cells were included).
        let c = if !display {
            compose_with(
                spans,
                size,
                align,
                self.style.hanging_punctuation,
                &self.metrics,
                &measure,
            )
        } else {
            compose_display(spans, size, align, &self.metrics, &measure)
        };
        // The em box centred in the line, the baseline where the font puts it in the box.
        let baseline = (lh - size) / 2.0 + size * self.ascent();
        c.lines
            .iter()
            .enumerate()
            .map(|(n, _)| {
                let (x0, _) = measure(n);
                let mut items = Vec::new();
                line_items(&c, n, spans, x0, baseline, size, &mut items);
                Piece { h: lh, items }
            })
            .collect()
    }
}

/// The items of line `n` of `c`: glyph runs split where the font changes, and link areas.
fn line_items(
    c: &Composed,
    n: usize,
    spans: &[Span],
    x0: f32,
    baseline: f32,
    size: f32,
    out: &mut Vec<Item>,
) {
    let line = &c.lines[n];
    let gs = &c.glyphs[line.start..line.end];
    let mut k = 0;
    while k < gs.len() {
        let font = gs[k].font;
        let mut j = k;
        let rx = line.xs[k];
        let mut run = Vec::new();
        while j < gs.len() && gs[j].font == font {
            run.push(PlacedGlyph {
                gid: gs[j].gid,
                ch: gs[j].ch,
                dx: line.xs[j] - rx,
                adv: gs[j].adv,
            });
            j += 1;
        }
        out.push(Item::Text(GlyphRun {
            font,
            size,
            x: x0 + rx,
            y: baseline,
            color: Rgb::gray(0.0),
            glyphs: run,
            node: 0,
        }));
        k = j;
    }
    // Link areas: consecutive glyphs of one linked span.
    let mut k = 0;
    while k < gs.len() {
        let span = gs[k].span;
        let mut j = k;
        while j < gs.len() && gs[j].span == span {
            j += 1;
        }
        if let Some(link) = spans.get(span as usize).and_then(|s| s.link.clone()) {
            let x = x0 + line.xs[k];
            let w = line.xs[j - 1] + gs[j - 1].adv - line.xs[k];
            out.push(Item::Link {
                x,
                y: baseline - size * 0.88,
                w,
                h: size * 1.12,
                target: link,
                node: 0,
            });
        }
        k = j;
    }
}

/// A table cell set into lines: columns `c0..c1`, rows from its own down `down`.
#[derive(Clone)]
struct CellBox {
    c0: usize,
    c1: usize,
    down: usize,
    lines: Vec<Piece>,
}

/// Table geometry: column edges, line height, padding.
struct Grid {
    xs: Vec<f32>,
    lh: f32,
    pad_x: f32,
    pad_y: f32,
    shade: Rgb,
    middle: bool,
}

impl Grid {
    /// Rows drawn as one piece: each row as tall as its tallest single-row cell, the
    /// last row of a spanning cell taller if the cell needs it; each cell ruled on its
    /// top and left, the table on its right and bottom.
    fn piece(&self, rows: &[Vec<CellBox>], header: bool) -> Piece {
        let n = rows.len();
        let need = |c: &CellBox| c.lines.len().max(1) as f32 * self.lh + 2.0 * self.pad_y;
        let mut hs: Vec<f32> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .filter(|c| c.down <= 1)
                    .map(need)
                    .fold(self.lh + 2.0 * self.pad_y, f32::max)
            })
            .collect();
        for (ri, r) in rows.iter().enumerate() {
            for c in r.iter().filter(|c| c.down > 1) {
                let end = (ri + c.down).min(n);
                let have: f32 = hs[ri..end].iter().sum();
                if need(c) > have {
                    hs[end - 1] += need(c) - have;
                }
            }
        }
        let mut ys = vec![0.0];
        for h in &hs {
            ys.push(ys.last().unwrap() + h);
        }
        let (w, h) = (*self.xs.last().unwrap(), ys[n]);
        let mut items = Vec::new();
        if header {
            items.push(Item::Fill {
                x: 0.0,
                y: 0.0,
                w,
                h,
                color: self.shade,
            });
        }
        let rule = |x1, y1, x2, y2| Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width: 0.5,
            color: Rgb::gray(0.35),
            dotted: false,
        };
        for (ri, r) in rows.iter().enumerate() {
            for c in r {
                let bottom = ys[(ri + c.down).min(n)];
                let slack = if self.middle {
                    (bottom - ys[ri] - need(c)).max(0.0) / 2.0
                } else {
                    0.0
                };
                for (li, l) in c.lines.iter().enumerate() {
                    let y = ys[ri] + slack + self.pad_y + li as f32 * self.lh;
                    items.extend(l.moved(self.xs[c.c0] + self.pad_x, y));
                }
                items.push(rule(self.xs[c.c0], ys[ri], self.xs[c.c1], ys[ri]));
                items.push(rule(self.xs[c.c0], ys[ri], self.xs[c.c0], bottom));
            }
        }
        items.push(rule(w, 0.0, w, h));
        items.push(rule(0.0, h, w, h));
        Piece { h, items }
    }
}

struct Flow<'a> {
    ts: &'a Typesetter,
    out: Layout,
    tpl: usize,
    col: u32,
    /// Top of the free space in the current column.
    y: f32,
    /// Nothing placed in the current column yet.
    fresh: bool,
    /// Where columns start on this page (below a heading spanning them).
    col_top: f32,
    /// `col_top` of each page, for the column rules.
    col_tops: Vec<f32>,
    /// Number for the next page, set by [`Block::PageNumber`].
    next_number: Option<u32>,
    /// The current column was begun by an explicit break (or is the first).
    explicit_top: bool,
    /// Running head of each page.
    heads: Vec<Option<String>>,
    /// Template of each page.
    tpls: Vec<usize>,
    head: Option<String>,
    /// A page has been started.
    open: bool,
    /// Where the flow is in the structure tree.
    tags: Tagger,
}

impl Flow<'_> {
    fn t(&self) -> &PageTemplate {
        &self.ts.templates[self.tpl]
    }
    fn st(&self) -> &Style {
        &self.ts.style
    }
    fn col_x(&self) -> f32 {
        let t = self.t();
        // The page's own text area: mirrored templates move it on even pages.
        let x = self.out.pages.last().map_or(t.body()[0], |p| p.body[0]);
        x + self.col as f32 * (t.column_width() + mm(t.column_gap_mm))
    }
    fn col_w(&self) -> f32 {
        self.t().column_width()
    }
    fn top(&self) -> f32 {
        self.t().body()[1]
    }
    fn bottom(&self) -> f32 {
        let b = self.t().body();
        b[1] + b[3]
    }
    fn room(&self) -> f32 {
        self.bottom() - self.y
    }
    fn page(&mut self) -> &mut Page {
        self.out.pages.last_mut().expect("page open")
    }
    fn new_page(&mut self) {
        let t = self.t().clone();
        let number = match (self.next_number.take(), self.out.pages.last()) {
            (Some(n), _) => n,
            (None, Some(p)) => p.number + 1,
            (None, None) => self.ts.first_number,
        };
        self.out.pages.push(Page {
            width: mm(t.width_mm),
            height: mm(t.height_mm),
            body: t.body_on(number),
            number,
            items: Vec::new(),
        });
        self.heads.push(self.head.clone());
        self.tpls.push(self.tpl);
        self.col = 0;
        self.y = self.top();
        self.col_top = self.y;
        self.col_tops.push(self.y);
        self.fresh = true;
        self.open = true;
    }
    fn ensure_page(&mut self) {
        if !self.open {
            self.new_page();
        }
    }
    /// Moves to the next column, or the next page after the last column.
    fn next_column(&mut self) {
        if self.col + 1 < self.t().columns {
            self.col += 1;
            self.y = self.col_top;
            self.fresh = true;
        } else {
            self.new_page();
        }
    }
    /// True when nothing is on the current page yet.
    fn page_empty(&self) -> bool {
        self.open && self.col == 0 && self.fresh
    }
    fn place(&mut self, p: &Piece) {
        let (x, y) = (self.col_x(), self.y);
        let items: Vec<Item> = p.moved(x, y).collect();
        self.page().items.extend(items);
        self.y += p.h;
        self.fresh = false;
        self.explicit_top = false;
    }

    /// Places `b`; `rest` are the blocks after it (what a heading keeps with).
    fn block(&mut self, b: &Block, rest: &[Block]) {
        match b {
            Block::PageBreak(name) => {
                self.explicit_top = true;
                if let Some(name) = name {
                    if let Some(i) = self.ts.templates.iter().position(|t| &t.name == name) {
                        self.tpl = i;
                    }
                    // A template switch always starts a page of the new kind.
                    if self.open && !self.page_empty() {
                        self.new_page();
                    } else {
                        self.replace_empty_page();
                    }
                } else if self.open && !self.page_empty() {
                    self.new_page();
                }
            }
            Block::ColumnBreak => {
                self.explicit_top = true;
                if self.open && !self.fresh {
                    self.next_column();
                }
            }
            Block::RunningHead(h) => {
                self.head = Some(h.clone());
                if self.page_empty() {
                    *self.heads.last_mut().unwrap() = Some(h.clone());
                }
            }
            Block::PageNumber(n) => {
                if self.page_empty() {
                    let body = self.t().body_on(*n);
                    let page = self.page();
                    page.number = *n;
                    page.body = body;
                } else {
                    self.next_number = Some(*n);
                }
            }
            Block::Anchor(name) => {
                self.ensure_page();
                self.anchor(name);
            }
            Block::Space(v) => {
                self.ensure_page();
                // Dropped at the top of a column the text flowed into, kept after an
                // explicit break (a cover's title is pushed down with it).
                if !self.fresh || self.explicit_top {
                    self.y += mm(*v);
                    if self.y > self.bottom() {
                        self.next_column();
                        self.explicit_top = false;
                    }
                }
            }
            Block::Rule => {
                self.ensure_page();
                let w = self.col_w();
                let lh = self.st().body_size * self.st().leading;
                let p = Piece {
                    h: lh / 2.0,
                    items: vec![Item::Rule {
                        x1: 0.0,
                        y1: lh / 4.0,
                        x2: w,
                        y2: lh / 4.0,
                        width: 0.5,
                        color: Rgb::gray(0.4),
                        dotted: false,
                    }],
                };
                self.fit(p.h);
                self.place(&p);
            }
            Block::Heading(h) => self.heading(h, rest),
            Block::Paragraph(p) => {
                self.ensure_page();
                let size = p.size.unwrap_or(self.st().body_size);
                let lh = size * self.st().leading;
                let content = typed_indent_removed(p);
                let mut lines = self.ts.display_lines(
                    &content,
                    size,
                    p.align,
                    p.indent_em * size,
                    0.0,
                    self.col_w(),
                    lh,
                );
                let n = self.tags.block(&mut self.out.structure, Role::P);
                stamp(lines.iter_mut().flat_map(|l| l.items.iter_mut()), n);
                self.flow_lines(&lines);
                self.y += self.st().para_space * lh;
            }
            Block::Keep(inner) => {
                self.ensure_page();
                let h = self.height_of(inner);
                if !self.fresh && h + self.min_start(rest) > self.room() + 0.01 {
                    self.next_column();
                }
                self.block(inner, rest);
            }
            Block::Together(blocks) => {
                self.ensure_page();
                let h = self.full_height(blocks);
                if !self.fresh && h > self.room() + 0.01 && h <= self.bottom() - self.top() {
                    self.next_column();
                }
                for (i, b) in blocks.iter().enumerate() {
                    let after = if i + 1 < blocks.len() {
                        &blocks[i + 1..]
                    } else {
                        rest
                    };
                    self.block(b, after);
                }
            }
            Block::List(l) => self.list(l),
            Block::Table(t) => self.table(t),
            Block::Toc(e) => self.toc(e),
        }
    }

    /// Re-template an empty current page (after a template switch at the top of a page).
    fn replace_empty_page(&mut self) {
        if self.open {
            // Keep the number the empty page had (e.g. from a PageNumber block).
            let popped = self.out.pages.pop().expect("open page");
            self.next_number.get_or_insert(popped.number);
            self.heads.pop();
            self.tpls.pop();
            self.col_tops.pop();
        }
        self.new_page();
    }

    fn anchor(&mut self, name: &str) {
        let page = self.out.pages.len() - 1;
        let number = self.out.pages[page].number;
        self.out.anchors.insert(
            name.to_string(),
            AnchorPos {
                page,
                number,
                y: self.y,
            },
        );
    }

    /// Starts a new column unless `h` fits (or the column is empty anyway).
    fn fit(&mut self, h: f32) {
        if h > self.room() + 0.01 && !self.fresh {
            self.next_column();
        }
    }

    /// Places lines of one paragraph, never leaving a single line on either side of a
    /// column or page break.
    fn flow_lines(&mut self, lines: &[Piece]) {
        let mut i = 0;
        let n = lines.len();
        while i < n {
            let lh = lines[i].h;
            let fits = ((self.room() + 0.01) / lh).floor().max(0.0) as usize;
            let left = n - i;
            let take = if fits >= left {
                left
            } else {
                let mut k = fits;
                if left - k < 2 {
                    k = left.saturating_sub(2);
                }
                if k < 2 && !(self.fresh && k == fits) {
                    // Too little would stay here: move the whole rest on.
                    0
                } else {
                    k.max(1).min(fits.max(1))
                }
            };
            // A fresh column gets at least what fits, or the same would happen again.
            let take = if take == 0 && self.fresh {
                fits.max(1).min(left)
            } else {
                take
            };
            if take == 0 {
                self.next_column();
                continue;
            }
            for p in &lines[i..i + take] {
                self.place(p);
            }
            i += take;
            if i < n {
                self.next_column();
            }
        }
    }

    fn heading_piece(&self, h: &Heading, w: f32) -> Piece {
        let st = self.st();
        let lvl = h.level.clamp(1, 4) as usize;
        let size = st.heading_sizes[lvl - 1];
        let lh = size * 1.45;
        let spans = [Span::strong(h.text.clone())];
        let (indent, before, after) = match lvl {
            1 => (0.0, st.body_size * 1.2, st.body_size * 0.8),
            2 => (size * 0.8, st.body_size * 0.9, st.body_size * 0.4),
            _ => (0.0, st.body_size * 0.6, st.body_size * 0.2),
        };
        let lines = self
            .ts
            .display_lines(&spans, size, Align::Left, indent, indent, w, lh);
        let mut p = Piece {
            h: before,
            items: Vec::new(),
        };
        let top = before;
        for l in &lines {
            p.items.extend(l.moved(0.0, p.h).map(|it| match it {
                // Chapter titles in the accent colour.
                Item::Text(r) if lvl == 1 => Item::Text(GlyphRun {
                    color: st.accent,
                    ..r
                }),
                other => other,
            }));
            p.h += l.h;
        }
        match lvl {
            1 => {
                p.items.push(Item::Rule {
                    x1: 0.0,
                    y1: p.h + 2.0,
                    x2: w,
                    y2: p.h + 2.0,
                    width: 1.5,
                    color: st.accent,
                    dotted: false,
                });
                p.h += 2.0;
            }
            2 => {
                p.items.push(Item::Fill {
                    x: 0.0,
                    y: top + lh * 0.18,
                    w: size * 0.3,
                    h: p.h - top - lh * 0.36,
                    color: st.accent,
                });
            }
            _ => {}
        }
        p.h += after;
        p
    }

    /// The least height of what follows a heading that must stay on its page: the
    /// first block's start, and through a run of headings (2 / 部の経営資源 / ①職員数),
    /// kept notes and markers the start of the block after the last of them.
    fn min_start(&self, rest: &[Block]) -> f32 {
        let st = self.st();
        let after = || self.min_start(rest.get(1..).unwrap_or(&[]));
        match rest.first() {
            Some(Block::Keep(inner)) => self.height_of(inner) + after(),
            Some(Block::Paragraph(p)) => {
                let size = p.size.unwrap_or(st.body_size);
                let n = self
                    .ts
                    .display_lines(
                        &p.content,
                        size,
                        p.align,
                        p.indent_em * size,
                        0.0,
                        self.col_w(),
                        1.0,
                    )
                    .len();
                n.min(2) as f32 * size * st.leading
            }
            Some(Block::List(_)) => 2.0 * st.body_size * st.leading,
            Some(Block::Table(t)) if t.rows.len() <= t.header_rows + SHORT_TABLE => {
                // A short table is never split: all of it (if a page holds it).
                self.full_height(std::slice::from_ref(&rest[0]))
                    .min(self.bottom() - self.top())
            }
            Some(Block::Table(t)) => {
                // The header and the first two groups of body rows.
                let (head, first, _) = self.table_height(t, 2);
                head + first.min(self.bottom() - self.top() - head)
            }
            Some(Block::Together(inner)) if inner.is_empty() => after(),
            Some(Block::Together(inner)) => self.min_start(inner),
            Some(Block::Toc(_)) => st.body_size * st.leading,
            Some(Block::Heading(h)) => self.heading_piece(h, self.col_w()).h + after(),
            // Markers take no room: look past them.
            Some(Block::Anchor(_) | Block::RunningHead(_)) => after(),
            _ => 0.0,
        }
    }

    /// The height `blocks` take when set one after another in one column (a little
    /// more where a heading would lose its space at the top of a column).
    fn full_height(&self, blocks: &[Block]) -> f32 {
        let st = self.st();
        let w = self.col_w();
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => self.heading_piece(h, w).h,
                Block::Paragraph(p) => {
                    let size = p.size.unwrap_or(st.body_size);
                    let lh = size * st.leading;
                    let content = typed_indent_removed(p);
                    let n = self
                        .ts
                        .display_lines(&content, size, p.align, p.indent_em * size, 0.0, w, lh)
                        .len();
                    (n as f32 + st.para_space) * lh
                }
                Block::Keep(inner) => self.full_height(std::slice::from_ref(inner)),
                Block::Together(inner) => self.full_height(inner),
                Block::Space(v) => mm(*v),
                Block::Table(t) => {
                    let (head, body, lh) = self.table_height(t, usize::MAX);
                    head + body + lh * 0.5
                }
                Block::List(_) | Block::Toc(_) | Block::Rule => {
                    self.min_start(std::slice::from_ref(b))
                }
                _ => 0.0,
            })
            .sum()
    }

    /// Heights of a table's header and of its first `groups` groups of body rows, and
    /// its line height.
    fn table_height(&self, t: &Table, groups: usize) -> (f32, f32, f32) {
        let (g, rows, gs) = self.table_prep(t, groups <= 2);
        let hr = t.header_rows.min(rows.len());
        let head = if hr > 0 {
            g.piece(&rows[..hr], true).h
        } else {
            0.0
        };
        let body: f32 = gs
            .iter()
            .filter(|r| r.start >= hr)
            .take(groups)
            .map(|r| g.piece(&rows[r.clone()], false).h)
            .sum();
        (head, body, g.lh)
    }

    /// Height of a kept block: a paragraph whole, anything else what must start a page.
    fn height_of(&self, b: &Block) -> f32 {
        match b {
            Block::Paragraph(p) => {
                let size = p.size.unwrap_or(self.st().body_size);
                let lh = size * self.st().leading;
                let n = self
                    .ts
                    .display_lines(
                        &p.content,
                        size,
                        p.align,
                        p.indent_em * size,
                        0.0,
                        self.col_w(),
                        lh,
                    )
                    .len();
                n as f32 * lh
            }
            other => self.min_start(std::slice::from_ref(other)),
        }
    }

    fn heading(&mut self, h: &Heading, rest: &[Block]) {
        self.ensure_page();
        // On a page of columns a chapter heading spans them all, above the columns.
        let span = self.t().columns > 1 && h.level <= 1;
        if span && self.col > 0 {
            self.new_page();
        }
        let w = if span {
            self.t().body()[2]
        } else {
            self.col_w()
        };
        let mut p = self.heading_piece(h, w);
        if self.fresh {
            // No space above a heading at the top of a column.
            let before = p.items.iter().map(item_top).fold(f32::INFINITY, f32::min);
            let cut = (before - 2.0).max(0.0);
            p.items = p.moved(0.0, -cut).collect();
            p.h -= cut;
        }
        let need = p.h + self.min_start(rest);
        if need > self.room() + 0.01 && !self.fresh {
            if span {
                self.new_page();
            } else {
                self.next_column();
            }
            return self.heading(h, rest);
        }
        let y_anchor = self.y;
        let n = self.tags.heading(&mut self.out.structure, h.level);
        stamp(p.items.iter_mut(), n);
        self.place(&p);
        if span {
            self.col_top = self.y;
            *self.col_tops.last_mut().unwrap() = self.y;
        }
        let page = self.out.pages.len() - 1;
        if let Some(a) = &h.anchor {
            let number = self.out.pages[page].number;
            self.out.anchors.insert(
                a.clone(),
                AnchorPos {
                    page,
                    number,
                    y: y_anchor,
                },
            );
        }
        if h.outline {
            self.out.outline.push(OutlineEntry {
                level: h.level.max(1),
                title: h.text.clone(),
                page,
                y: y_anchor,
            });
        }
    }

    fn list(&mut self, l: &List) {
        self.ensure_page();
        let st = self.st().clone();
        let size = st.body_size;
        let lh = size * st.leading;
        let w = self.col_w();
        let label = |i: usize| match &l.kind {
            ListKind::Bullet => "○".to_string(),
            ListKind::Numbered => format!("({})", l.start as usize + i),
            ListKind::Marker(m) => m.clone(),
        };
        // Hanging indent wide enough for the widest marker.
        let widest = (0..l.items.len())
            .map(|i| self.width_of(&label(i), FontKind::Body, size))
            .fold(0.0, f32::max);
        let hang = (widest + size * 0.5).max(size * 1.5);
        let nodes = self.tags.list(&mut self.out.structure, l.items.len());
        for (i, item) in l.items.iter().enumerate() {
            let mut lines = self.ts.lines(item, size, Align::Justify, hang, hang, w, lh);
            // The marker sits in the hang of the first line.
            let marker = self.ts.lines(
                &[Span::text(label(i))],
                size,
                Align::Left,
                0.0,
                0.0,
                hang,
                lh,
            );
            let (lbl, body) = nodes[i];
            stamp(lines.iter_mut().flat_map(|l| l.items.iter_mut()), body);
            // The marker before the text it marks, in the content as in reading order.
            if let (Some(first), Some(m)) = (lines.first_mut(), marker.first()) {
                let mut m = m.items.clone();
                stamp(m.iter_mut(), lbl);
                first.items.splice(0..0, m);
            }
            self.flow_lines(&lines);
        }
        self.y += lh * 0.3;
    }

    fn width_of(&self, s: &str, font: FontKind, size: f32) -> f32 {
        let m = self.ts.metrics.get(font);
        s.chars()
            .map(|c| m.glyph(c).map_or(1000, |g| g.1) as f32 * size / 1000.0)
            .sum()
    }

    fn toc(&mut self, e: &TocEntry) {
        self.ensure_page();
        let st = self.st().clone();
        let size = st.body_size;
        let lh = size * st.leading;
        let w = self.col_w();
        let indent = (e.level.max(1) - 1) as f32 * size * 1.5;
        let font = if e.level <= 1 {
            FontKind::Heading
        } else {
            FontKind::Body
        };
        let num_w = self.width_of(&e.page, FontKind::Body, size);
        let spans = [Span {
            text: e.text.clone(),
            font,
            link: None,
        }];
        let text_w = w - indent - num_w - size * 2.0;
        let mut lines = self
            .ts
            .lines(&spans, size, Align::Left, 0.0, 0.0, text_w, lh);
        let nlines = lines.len();
        let last_right = lines
            .last()
            .and_then(|p| {
                p.items
                    .iter()
                    .filter_map(|it| {
                        if let Item::Text(r) = it {
                            Some(r.right())
                        } else {
                            None
                        }
                    })
                    .reduce(f32::max)
            })
            .unwrap_or(0.0);
        let numline = self.ts.lines(
            &[Span::text(e.page.clone())],
            size,
            Align::Right,
            0.0,
            0.0,
            w,
            lh,
        );
        if let (Some(last), Some(num)) = (lines.last_mut(), numline.first()) {
            for it in &mut last.items {
                *it = shift(it, indent, 0.0);
            }
            last.items.extend(num.items.iter().cloned());
            let y = lh / 2.0 + size * 0.3;
            // Leaders on one grid for every entry: dots start at a multiple of their
            // period (the PDF's dash [0.8 2.4]) and end before the widest page number.
            let x1 = ((indent + last_right + size * 0.5) / LEADER_STEP).ceil() * LEADER_STEP;
            let end = w - self.width_of("000", FontKind::Body, size).max(num_w) - size * 0.5;
            let x2 = (end / LEADER_STEP).floor() * LEADER_STEP;
            last.items.push(Item::Rule {
                x1,
                y1: y,
                x2: x2.max(x1),
                y2: y,
                width: 0.8,
                color: Rgb::gray(0.3),
                dotted: true,
            });
        }
        for l in lines.iter_mut().take(nlines - 1) {
            l.items = l.moved(indent, 0.0).collect();
        }
        if let Some(t) = &e.target {
            for l in lines.iter_mut() {
                l.items.push(Item::Link {
                    x: indent,
                    y: 0.0,
                    w: w - indent,
                    h: lh,
                    target: Link::Anchor(t.clone()),
                    node: 0,
                });
            }
        }
        let n = self
            .tags
            .toc_entry(&mut self.out.structure, format!("{}（{}）", e.text, e.page));
        stamp(lines.iter_mut().flat_map(|l| l.items.iter_mut()), n);
        self.flow_lines(&lines);
    }

    /// A table's cells set into lines and its rows grouped (rows tied by a cell
    /// spanning down form one group; the header rows form the first).
    /// The table's grid, its cells set into lines and its groups of rows (rows tied
    /// together by cells spanning down; the header is one group). With `first_only`
    /// only the header and the first body group are set (what [`Self::min_start`]
    /// needs); the other rows keep their cells with no lines.
    fn table_prep(
        &self,
        t: &Table,
        first_only: bool,
    ) -> (Grid, Vec<Vec<CellBox>>, Vec<std::ops::Range<usize>>) {
        let st = self.st();
        let size = t.size.unwrap_or(st.table_size);
        let lh = size * st.table_leading;
        let ncols = t.columns.len();
        // Where each cell stands, by the row it starts in. Columns covered by a cell
        // spanning down from above are skipped.
        let mut covered = vec![0usize; ncols];
        let placed: Vec<Vec<(CellBox, Option<&Cell>)>> = t
            .rows
            .iter()
            .enumerate()
            .map(|(ri, row)| {
                let header = ri < t.header_rows;
                let mut cells = Vec::new();
                let mut it = row.iter();
                let mut c0 = 0;
                while c0 < ncols {
                    if covered[c0] > 0 {
                        covered[c0] -= 1;
                        c0 += 1;
                        continue;
                    }
                    let cell = it.next();
                    let span = cell.map_or(1, |c| c.span.max(1));
                    let c1 = (c0 + span).min(ncols);
                    // A header cell never spans past the header.
                    let last = if header { t.header_rows } else { t.rows.len() };
                    let down = cell.map_or(1, |c| c.rows.max(1)).min(last - ri);
                    for c in covered.iter_mut().take(c1).skip(c0) {
                        *c = down - 1;
                    }
                    let bx = CellBox {
                        c0,
                        c1,
                        down,
                        lines: Vec::new(),
                    };
                    cells.push((bx, cell));
                    c0 = c1;
                }
                cells
            })
            .collect();
        let pad_x = size * 0.5;
        let g = Grid {
            lh,
            pad_x,
            pad_y: size * 0.35,
            xs: self.column_edges(t, &placed, size, pad_x),
            shade: Rgb::gray(st.header_shade),
            middle: t.middle,
        };
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        let mut reach = 0;
        for (ri, row) in placed.iter().enumerate() {
            reach = reach.max(ri + row.iter().map(|c| c.0.down).max().unwrap_or(1));
            let header_end = ri + 1 == t.header_rows;
            if reach == ri + 1 && (ri + 1 >= t.header_rows || header_end) {
                groups.push(start..ri + 1);
                start = ri + 1;
            }
        }
        if start < placed.len() {
            groups.push(start..placed.len());
        }
        let hr = t.header_rows.min(placed.len());
        let set_rows = if first_only {
            // The header and the first two groups: what a table must start a page with.
            groups
                .iter()
                .filter(|r| r.start >= hr)
                .take(2)
                .last()
                .map_or(hr, |r| r.end)
        } else {
            placed.len()
        };
        let rows = placed
            .into_iter()
            .enumerate()
            .map(|(ri, row)| {
                let header = ri < t.header_rows;
                row.into_iter()
                    .map(|(mut bx, cell)| {
                        if let Some(cell) = cell.filter(|_| ri < set_rows) {
                            let align = cell.align.unwrap_or(if header {
                                Align::Center
                            } else {
                                t.aligns.get(bx.c0).copied().unwrap_or(Align::Justify)
                            });
                            let spans = &*cell_content(cell, header);
                            let width = g.xs[bx.c1] - g.xs[bx.c0] - 2.0 * g.pad_x;
                            bx.lines = self.ts.lines(spans, size, align, 0.0, 0.0, width, lh);
                        }
                        bx
                    })
                    .collect()
            })
            .collect();
        (g, rows, groups)
    }

    /// The x of each column edge, from 0 to the table's width.
    fn column_edges(
        &self,
        t: &Table,
        placed: &[Vec<(CellBox, Option<&Cell>)>],
        size: f32,
        pad_x: f32,
    ) -> Vec<f32> {
        let w = self.col_w();
        let shares: f32 = t.columns.iter().sum::<f32>().max(0.0001);
        let share = |i: usize| t.columns[i].max(0.0) / shares;
        let edges = |widths: &[f32]| {
            let mut xs = vec![0.0];
            for c in widths {
                xs.push(xs.last().unwrap() + c);
            }
            xs
        };
        let n = t.columns.len();
        if t.widths == ColumnWidths::Shares || n == 0 {
            return edges(&(0..n).map(|i| share(i) * w).collect::<Vec<_>>());
        }
        // Each column's least and widest width from its single-column cells. A short
        // value (up to 7 em: 達成状況, 平成15年度末, 企画経営室) is not broken.
        let mut least = vec![2.0 * pad_x + size; n];
        let mut most = least.clone();
        for (ri, row) in placed.iter().enumerate() {
            let header = ri < t.header_rows;
            for (bx, cell) in row {
                let Some(cell) = cell.filter(|_| bx.c1 == bx.c0 + 1) else {
                    continue;
                };
                let content = cell_content(cell, header);
                let (lo, hi) = super::compose::extents(&content, size, &self.ts.metrics);
                let lo = if hi <= 7.0 * size { hi } else { lo };
                least[bx.c0] = least[bx.c0].max(lo + 2.0 * pad_x + 0.01);
                most[bx.c0] = most[bx.c0].max(hi + 2.0 * pad_x + 0.01);
            }
        }
        let (sum_least, sum_most): (f32, f32) = (least.iter().sum(), most.iter().sum());
        let widths: Vec<f32> = if sum_most <= w {
            // Everything on one line: the content's width, or the measure with the
            // room left shared out.
            let room = if t.widths == ColumnWidths::Content {
                0.0
            } else {
                w - sum_most
            };
            (0..n).map(|i| most[i] + room * share(i)).collect()
        } else if sum_least >= w {
            // Not even the unbreakable pieces fit: shrink them alike.
            least.iter().map(|l| l * w / sum_least).collect()
        } else {
            // Between: each column gets its least and a part of the rest in proportion
            // to how much more it would take (HTML's automatic layout).
            let want: f32 = (0..n).map(|i| most[i] - least[i]).sum::<f32>().max(0.0001);
            (0..n)
                .map(|i| least[i] + (w - sum_least) * (most[i] - least[i]) / want)
                .collect()
        };
        edges(&widths)
    }

    fn table(&mut self, t: &Table) {
        self.ensure_page();
        let (g, mut rows, groups) = self.table_prep(t, false);
        self.tag_table(t.header_rows, &mut rows);
        let lh = g.lh;
        let header_rows = t.header_rows.min(rows.len());
        let header = (header_rows > 0).then(|| g.piece(&rows[..header_rows], true));
        let header_h = header.as_ref().map_or(0.0, |p| p.h);
        // Repeated on a following page, the header is decoration.
        let mut header = header.map(|h| (h, false));
        let mut placed_body = false;
        let mut need_header = true;
        let mut queue: std::collections::VecDeque<Vec<Vec<CellBox>>> = groups
            .iter()
            .filter(|r| r.start >= header_rows)
            .map(|r| rows[r.clone()].to_vec())
            .collect();
        // A table of up to 3 rows is never split; a longer one starts where at least
        // its header and 2 rows fit (when a whole page could hold them).
        let part_h: Vec<f32> = queue.iter().map(|p| g.piece(p, false).h).collect();
        let page_h = self.bottom() - self.top();
        let whole = header_h + part_h.iter().sum::<f32>();
        let start = header_h + part_h.iter().take(2).sum::<f32>();
        if !self.fresh && whole > self.room() + 0.01 {
            let short = part_h.len() <= SHORT_TABLE && whole <= page_h;
            if short || (start > self.room() + 0.01 && start <= page_h) {
                self.next_column();
            }
        }
        let mut rows_here = 0;
        while let Some(mut part) = queue.pop_front() {
            loop {
                let piece = g.piece(&part, false);
                let hdr = if need_header { header_h } else { 0.0 };
                // A last row never goes on alone: if it would not fit after this one,
                // this one goes over with it (when 2 rows are already here).
                let widow = queue.len() == 1
                    && queue[0].len() == 1
                    && part_h.len() > SHORT_TABLE
                    && rows_here >= 2
                    && piece.h + hdr + g.piece(&queue[0], false).h > self.room() + 0.01;
                if widow {
                    self.next_column();
                    need_header = true;
                    rows_here = 0;
                    continue;
                }
                if piece.h + hdr <= self.room() + 0.01 {
                    rows_here += part.len();
                    if need_header {
                        if let Some(h) = &mut header {
                            self.place_header(h);
                        }
                        need_header = false;
                    }
                    self.place(&piece);
                    placed_body = true;
                    break;
                }
                let full = self.bottom() - self.top() - header_h;
                if part.len() > 1 && piece.h > full {
                    // Rows tied by a spanning cell and taller than a page: give up the
                    // spanning (its text stays in its first row) and go row by row.
                    for r in part.into_iter().rev() {
                        let r = r.into_iter().map(|c| CellBox { down: 1, ..c }).collect();
                        queue.push_front(vec![r]);
                    }
                    break;
                }
                let cramped = self.room() - hdr < 2.0 * lh + 2.0 * g.pad_y;
                if piece.h <= full + 0.01 || cramped || part.len() > 1 {
                    // The rows go whole to the next column, the header repeated there.
                    self.next_column();
                    need_header = true;
                    rows_here = 0;
                    continue;
                }
                // One row taller than a page: split it at a line.
                let fit = ((self.room() - hdr - 2.0 * g.pad_y) / lh).floor().max(1.0) as usize;
                let cut = |c: &CellBox, r: std::ops::Range<usize>| CellBox {
                    lines: c.lines[r.start.min(c.lines.len())..r.end.min(c.lines.len())].to_vec(),
                    ..*c
                };
                let head: Vec<CellBox> = part[0].iter().map(|c| cut(c, 0..fit)).collect();
                let rest: Vec<CellBox> = part[0].iter().map(|c| cut(c, fit..usize::MAX)).collect();
                if need_header {
                    if let Some(h) = &mut header {
                        self.place_header(h);
                    }
                }
                self.place(&g.piece(&[head], false));
                placed_body = true;
                part = vec![rest];
                self.next_column();
                need_header = true;
                rows_here = 0;
            }
        }
        if !placed_body {
            if let Some(h) = &mut header {
                self.fit(h.0.h);
                self.place_header(h);
            }
        }
        self.y += lh * 0.5;
    }
}

/// Period of a dotted rule as the PDF draws it (dash 0.8, gap 2.4 points).
const LEADER_STEP: f32 = 3.2;

/// Tables of at most this many body rows are never split.
const SHORT_TABLE: usize = 3;

/// A document flowed into pages, before the page decorations: see [`Typesetter::flow`].
pub struct Flowed<'a> {
    ts: &'a Typesetter,
    out: Layout,
    heads: Vec<Option<String>>,
    tpls: Vec<usize>,
    col_tops: Vec<f32>,
}

impl Flowed<'_> {
    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.out.pages.len()
    }

    /// Where the named anchors landed (with the current numbers).
    pub fn anchors(&self) -> &BTreeMap<String, AnchorPos> {
        &self.out.anchors
    }

    /// Adds `by` to every page number, as if each [`Block::PageNumber`] of the
    /// document had said `by` more; mirrored text areas follow the new parity.
    pub fn renumber(&mut self, by: i64) {
        let ts = self.ts;
        for (page, &tpl) in self.out.pages.iter_mut().zip(&self.tpls) {
            let number = (page.number as i64 + by).clamp(0, u32::MAX as i64) as u32;
            let body = ts.templates[tpl].body_on(number);
            let dx = body[0] - page.body[0];
            if dx != 0.0 {
                for it in page.items.iter_mut() {
                    *it = shift(it, dx, 0.0);
                }
            }
            page.number = number;
            page.body = body;
        }
        for a in self.out.anchors.values_mut() {
            a.number = self.out.pages[a.page].number;
        }
    }

    /// Draws the running heads, column rules and folios, and returns the layout.
    pub fn finish(mut self) -> Layout {
        let ts = self.ts;
        let st = &ts.style;
        for (i, page) in self.out.pages.iter_mut().enumerate() {
            let t = &ts.templates[self.tpls[i]];
            let b = page.body;
            if t.running_head {
                // An empty head (a contents page) draws nothing, not a bare rule.
                if let Some(h) = self.heads[i].as_ref().filter(|h| !h.trim().is_empty()) {
                    let size = st.head_size;
                    // At the outer edge: right on odd pages, left on even facing pages.
                    let outer = if t.mirror && page.number % 2 == 0 {
                        Align::Left
                    } else {
                        Align::Right
                    };
                    let lines = ts.lines(
                        &[Span::strong(h.clone())],
                        size,
                        outer,
                        0.0,
                        0.0,
                        b[2],
                        size * 1.4,
                    );
                    if let Some(l) = lines.first() {
                        let y = b[1] - mm(9.0);
                        for it in l.moved(b[0], y) {
                            page.items.push(match it {
                                Item::Text(r) => Item::Text(GlyphRun {
                                    color: Rgb::gray(0.35),
                                    node: ARTIFACT,
                                    ..r
                                }),
                                other => other,
                            });
                        }
                        let ry = y + size * 1.4 + 1.5;
                        page.items.push(Item::Rule {
                            x1: b[0],
                            y1: ry,
                            x2: b[0] + b[2],
                            y2: ry,
                            width: 0.4,
                            color: Rgb::gray(0.5),
                            dotted: false,
                        });
                    }
                }
            }
            if t.column_rule && t.columns > 1 {
                let step = t.column_width() + mm(t.column_gap_mm);
                for c in 1..t.columns {
                    let x = b[0] + c as f32 * step - mm(t.column_gap_mm) / 2.0;
                    page.items.push(Item::Rule {
                        x1: x,
                        y1: self.col_tops[i],
                        x2: x,
                        y2: b[1] + b[3],
                        width: 0.4,
                        color: Rgb::gray(0.6),
                        dotted: false,
                    });
                }
            }
            if let Some(fmt) = &t.folio {
                let size = st.folio_size;
                let text = fmt.replace("{}", &page.number.to_string());
                let lines = ts.lines(
                    &[Span::text(text)],
                    size,
                    Align::Center,
                    0.0,
                    0.0,
                    b[2],
                    size * 1.4,
                );
                if let Some(l) = lines.first() {
                    let y = b[1] + b[3] + mm(8.0);
                    page.items.extend(l.moved(b[0], y).map(as_artifact));
                }
            }
        }
        self.out
    }
}

/// The paragraph's spans without a typed full-width space at the start when the
/// paragraph is indented anyway (workbook texts often begin with one).
fn typed_indent_removed(p: &Paragraph) -> Vec<Span> {
    let mut spans = p.content.clone();
    if p.indent_em > 0.0 {
        if let Some(first) = spans.first_mut() {
            if let Some(rest) = first.text.strip_prefix('\u{3000}') {
                first.text = rest.to_string();
            }
        }
    }
    spans
}

/// A cell's text; header cells are set in Gothic.
fn cell_content(cell: &Cell, header: bool) -> std::borrow::Cow<'_, [Span]> {
    if header {
        let spans = cell.content.iter().map(|s| Span {
            font: FontKind::Heading,
            ..s.clone()
        });
        std::borrow::Cow::Owned(spans.collect())
    } else {
        std::borrow::Cow::Borrowed(&cell.content)
    }
}

fn item_top(it: &Item) -> f32 {
    match it {
        Item::Text(r) => r.y - r.size,
        Item::Rule { y1, y2, .. } => y1.min(*y2),
        Item::Fill { y, .. } | Item::Link { y, .. } => *y,
    }
}
