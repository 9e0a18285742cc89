//! Page layout: flows the blocks of a [`Document`] through page templates and columns,
//! keeping headings with what follows, at least two lines of a paragraph on either
//! side of a page break, and table header rows on every page a table continues on.

use crate::fonts::FontSet;

use super::compose::{compose_display, compose_with, Composed};
use super::doc::*;
use super::metrics::Metrics;
use super::page::*;
use super::structure::Tagger;
use super::template::{PageTemplate, Style};

mod contents;
mod finish;
mod flow;
mod frame;
mod table;
mod tagging;

pub use finish::Flowed;
use flow::Flow;
pub use frame::{Frame, Overflow, Region};

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

/// What a flow sets with: the fonts' metrics, a style and page templates — a
/// typesetter's own, or a frame's region ([`Typesetter::frame`]).
#[derive(Clone, Copy)]
pub(super) struct Setting<'a> {
    pub(super) metrics: &'a Metrics,
    pub(super) style: &'a Style,
    pub(super) templates: &'a [PageTemplate],
    pub(super) first_number: u32,
}

/// A laid-out piece that moves as a whole: items relative to its top-left corner.
#[derive(Debug, Clone, Default)]
struct Piece {
    h: f32,
    items: Vec<Item>,
}

impl Piece {
    fn moved(&self, dx: f32, dy: f32) -> impl Iterator<Item = Item> + '_ {
        self.items.iter().map(move |it| it.moved(dx, dy))
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
        self.setting().flow(&doc.blocks)
    }

    /// The typesetter's own metrics, style and templates.
    pub(super) fn setting(&self) -> Setting<'_> {
        Setting {
            metrics: &self.metrics,
            style: &self.style,
            templates: &self.templates,
            first_number: self.first_number,
        }
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
}

impl<'a> Setting<'a> {
    /// Flows `blocks` into pages (see [`Typesetter::flow`]).
    pub(super) fn flow(self, blocks: &[Block]) -> Flowed<'a> {
        let f = self.run(blocks);
        Flowed {
            ts: self,
            out: f.out,
            heads: f.heads,
            tpls: f.tpls,
            col_tops: f.col_tops,
        }
    }

    /// The flow after placing `blocks` (at least one page open).
    fn run(self, blocks: &[Block]) -> Flow<'a> {
        let mut f = Flow {
            ts: self,
            out: Layout::default(),
            tpl: 0,
            col: 0,
            y: 0.0,
            deepest: 0.0,
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
        for (i, b) in blocks.iter().enumerate() {
            f.block(b, &blocks[i + 1..]);
        }
        if !f.open {
            f.new_page();
        }
        f
    }

    /// Share of the em box above the baseline (0.88 for IPAex).
    fn ascent(&self) -> f32 {
        let m = &self.metrics.body;
        m.ascender as f32 / (m.ascender - m.descender).max(1) as f32
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
                self.metrics,
                &measure,
            )
        } else {
            compose_display(spans, size, align, self.metrics, &measure)
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
