//! Page finishing: running heads, column rules and folios drawn on flowed pages,
//! which can still be renumbered until then.

use std::collections::BTreeMap;

use super::super::doc::*;
use super::super::page::*;
use super::super::structure::{as_artifact, ARTIFACT};
use super::super::template::mm;
use super::Setting;

/// A document flowed into pages, before the page decorations: see [`super::Typesetter::flow`].
pub struct Flowed<'a> {
    pub(super) ts: Setting<'a>,
    pub(super) out: Layout,
    pub(super) heads: Vec<Option<String>>,
    pub(super) tpls: Vec<usize>,
    pub(super) col_tops: Vec<f32>,
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
                    *it = it.moved(dx, 0.0);
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
