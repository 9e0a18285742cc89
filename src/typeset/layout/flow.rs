//! The flow: blocks placed one after another down the columns of the pages,
//! headings kept with what follows, paragraphs and lists broken between lines.

use super::super::doc::*;
use super::super::page::*;
use super::super::structure::{stamp, Role, Tagger};
use super::super::template::{mm, PageTemplate, Style};
use super::table::SHORT_TABLE;
use super::{Piece, Setting};

pub(super) struct Flow<'a> {
    pub(super) ts: Setting<'a>,
    pub(super) out: Layout,
    pub(super) tpl: usize,
    pub(super) col: u32,
    /// Top of the free space in the current column.
    pub(super) y: f32,
    /// The lowest `y` a column of this page was left at (a frame's height).
    pub(super) deepest: f32,
    /// Nothing placed in the current column yet.
    pub(super) fresh: bool,
    /// Where columns start on this page (below a heading spanning them).
    pub(super) col_top: f32,
    /// `col_top` of each page, for the column rules.
    pub(super) col_tops: Vec<f32>,
    /// Number for the next page, set by [`Block::PageNumber`].
    pub(super) next_number: Option<u32>,
    /// The current column was begun by an explicit break (or is the first).
    pub(super) explicit_top: bool,
    /// Running head of each page.
    pub(super) heads: Vec<Option<String>>,
    /// Template of each page.
    pub(super) tpls: Vec<usize>,
    pub(super) head: Option<String>,
    /// A page has been started.
    pub(super) open: bool,
    /// Where the flow is in the structure tree.
    pub(super) tags: Tagger,
}

impl Flow<'_> {
    pub(super) fn t(&self) -> &PageTemplate {
        &self.ts.templates[self.tpl]
    }
    pub(super) fn st(&self) -> &Style {
        self.ts.style
    }
    pub(super) fn col_x(&self) -> f32 {
        let t = self.t();
        // The page's own text area: mirrored templates move it on even pages.
        let x = self.out.pages.last().map_or(t.body()[0], |p| p.body[0]);
        x + self.col as f32 * (t.column_width() + mm(t.column_gap_mm))
    }
    pub(super) fn col_w(&self) -> f32 {
        self.t().column_width()
    }
    pub(super) fn top(&self) -> f32 {
        self.t().body()[1]
    }
    pub(super) fn bottom(&self) -> f32 {
        let b = self.t().body();
        b[1] + b[3]
    }
    pub(super) fn room(&self) -> f32 {
        self.bottom() - self.y
    }
    pub(super) fn page(&mut self) -> &mut Page {
        self.out.pages.last_mut().expect("page open")
    }
    pub(super) fn new_page(&mut self) {
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
    pub(super) fn ensure_page(&mut self) {
        if !self.open {
            self.new_page();
        }
    }
    /// Moves to the next column, or the next page after the last column.
    pub(super) fn next_column(&mut self) {
        if self.col + 1 < self.t().columns {
            self.deepest = self.deepest.max(self.y);
            self.col += 1;
            self.y = self.col_top;
            self.fresh = true;
        } else {
            self.new_page();
        }
    }
    /// True when nothing is on the current page yet.
    pub(super) fn page_empty(&self) -> bool {
        self.open && self.col == 0 && self.fresh
    }
    pub(super) fn place(&mut self, p: &Piece) {
        let (x, y) = (self.col_x(), self.y);
        let items: Vec<Item> = p.moved(x, y).collect();
        self.page().items.extend(items);
        self.y += p.h;
        self.fresh = false;
        self.explicit_top = false;
    }

    /// Places `b`; `rest` are the blocks after it (what a heading keeps with).
    pub(super) fn block(&mut self, b: &Block, rest: &[Block]) {
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
    pub(super) fn replace_empty_page(&mut self) {
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

    pub(super) fn anchor(&mut self, name: &str) {
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
    pub(super) fn fit(&mut self, h: f32) {
        if h > self.room() + 0.01 && !self.fresh {
            self.next_column();
        }
    }

    /// Places lines of one paragraph, never leaving a single line on either side of a
    /// column or page break.
    pub(super) fn flow_lines(&mut self, lines: &[Piece]) {
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

    pub(super) fn heading_piece(&self, h: &Heading, w: f32) -> Piece {
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
    pub(super) fn min_start(&self, rest: &[Block]) -> f32 {
        let st = self.st();
        let after = || self.min_start(rest.get(1..).unwrap_or(&[]));
        match rest.first() {
            Some(Block::Keep(inner)) => self.height_of(inner) + after(),
            Some(Block::Paragraph(p)) => {
                let size = p.size.unwrap_or(st.body_size);
                self.paragraph_lines(p, &p.content).min(2) as f32 * size * st.leading
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
    pub(super) fn full_height(&self, blocks: &[Block]) -> f32 {
        let st = self.st();
        let w = self.col_w();
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => self.heading_piece(h, w).h,
                Block::Paragraph(p) => {
                    let lh = p.size.unwrap_or(st.body_size) * st.leading;
                    let n = self.paragraph_lines(p, &typed_indent_removed(p));
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

    /// Lines paragraph `p` with `content` takes in a column (set as display text).
    fn paragraph_lines(&self, p: &Paragraph, content: &[Span]) -> usize {
        let size = p.size.unwrap_or(self.st().body_size);
        let lh = size * self.st().leading;
        let indent = p.indent_em * size;
        let w = self.col_w();
        self.ts
            .display_lines(content, size, p.align, indent, 0.0, w, lh)
            .len()
    }

    /// Height of a kept block: a paragraph whole, anything else what must start a page.
    pub(super) fn height_of(&self, b: &Block) -> f32 {
        match b {
            Block::Paragraph(p) => {
                let lh = p.size.unwrap_or(self.st().body_size) * self.st().leading;
                self.paragraph_lines(p, &p.content) as f32 * lh
            }
            other => self.min_start(std::slice::from_ref(other)),
        }
    }

    pub(super) fn heading(&mut self, h: &Heading, rest: &[Block]) {
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

    pub(super) fn list(&mut self, l: &List) {
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

    pub(super) fn width_of(&self, s: &str, font: FontKind, size: f32) -> f32 {
        let m = self.ts.metrics.get(font);
        s.chars()
            .map(|c| m.glyph(c).map_or(1000, |g| g.1) as f32 * size / 1000.0)
            .sum()
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

fn item_top(it: &Item) -> f32 {
    match it {
        Item::Text(r) => r.y - r.size,
        Item::Rule { y1, y2, .. } => y1.min(*y2),
        Item::Fill { y, .. } | Item::Link { y, .. } => *y,
    }
}
