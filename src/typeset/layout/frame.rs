//! Frames: blocks set into a region rather than onto pages — a width, columns, and a
//! height they may not exceed — giving positioned items and the height they take. A
//! frame is placed inside another at an offset, so a page of boxes, bands and columns
//! (a newsletter) is built from frames while every line is still set by the flow.

use std::collections::BTreeSet;

use super::super::doc::Block;
use super::super::page::{GlyphRun, Item, Rgb};
use super::super::structure::{as_artifact, NodeId, Role, Structure};
use super::super::template::{to_mm, PageTemplate, Style};
use super::{Setting, Typesetter};

/// Where blocks are set: `width` points wide, in `columns` columns `gap` apart, at
/// most `height` points high (`None`: as high as they need).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub width: f32,
    pub height: Option<f32>,
    pub columns: u32,
    pub gap: f32,
}

impl Region {
    /// One column `width` points wide, as high as needed.
    pub fn new(width: f32) -> Region {
        Region {
            width,
            height: None,
            columns: 1,
            gap: 0.0,
        }
    }
    /// At most `h` points high.
    pub fn max_height(mut self, h: f32) -> Region {
        self.height = Some(h);
        self
    }
    /// `n` columns `gap` points apart.
    pub fn columns(mut self, n: u32, gap: f32) -> Region {
        self.columns = n.max(1);
        self.gap = gap;
        self
    }

    /// The region as a page for the flow, which measures templates in millimetres: a
    /// page with no margins, head or folio.
    fn template(&self, height: Option<f32>) -> PageTemplate {
        let h = height.map_or(f32::INFINITY, to_mm);
        let mut t = PageTemplate::new("frame", to_mm(self.width), h)
            .margins(0.0, 0.0, 0.0, 0.0)
            .columns(self.columns, to_mm(self.gap));
        t.running_head = false;
        t.folio = None;
        t
    }
}

/// Blocks set in a region: items relative to its top-left corner, the height they
/// take, and what their text is (the structure the text runs name; placing a frame
/// grafts it into the structure of what it is placed in).
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub items: Vec<Item>,
    pub h: f32,
    pub structure: Structure,
}

/// Blocks that do not fit in a region's height: how many lines are left over (lines
/// counted per column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow {
    pub lines: usize,
}

impl Typesetter {
    /// `blocks` set with `style` into `region`, column after column; or how much does
    /// not fit in its height.
    ///
    /// ```
    /// use hoshin::fonts::FontSet;
    /// use hoshin::typeset::*;
    /// let ts = Typesetter::new(&FontSet::default(), Style::default(), vec![PageTemplate::a4()]);
    /// let text = [Block::para("総務部は、市政の基盤を支えます。")];
    /// let box_ = ts.frame(&ts.style, &Region::new(mm(60.0)).max_height(mm(20.0)), &text).unwrap();
    /// let mut page = Frame::default();
    /// page.put(&box_, mm(20.0), mm(30.0), 0);
    /// page.items.extend(Item::border(mm(20.0), mm(30.0), mm(60.0), box_.h, 0.8, Rgb::BLACK));
    /// assert!(box_.h > 0.0 && page.items.len() > 4);
    /// ```
    pub fn frame(
        &self,
        style: &Style,
        region: &Region,
        blocks: &[Block],
    ) -> Result<Frame, Overflow> {
        let t = region.template(region.height);
        let f = self.setting_for(style, &t).run(blocks);
        if f.out.pages.len() > 1 {
            return Err(overflow(&f.out.pages[1..], region));
        }
        let h = f.deepest.max(f.y);
        Ok(Frame {
            items: f.out.pages.into_iter().flat_map(|p| p.items).collect(),
            h,
            structure: f.out.structure,
        })
    }

    /// `blocks` set with `style` in one column `width` points wide, as high as they
    /// need (what an explicit page or column break sends on is placed as if at the top).
    pub fn column(&self, style: &Style, width: f32, blocks: &[Block]) -> Frame {
        let region = Region::new(width);
        let t = region.template(None);
        let f = self.setting_for(style, &t).run(blocks);
        let h = f.deepest.max(f.y);
        Frame {
            items: f.out.pages.into_iter().flat_map(|p| p.items).collect(),
            h,
            structure: f.out.structure,
        }
    }

    /// `blocks` set into `region`'s columns as short as they go (balanced, to a
    /// point); or how much does not fit in its height.
    pub fn balanced_frame(
        &self,
        style: &Style,
        region: &Region,
        blocks: &[Block],
    ) -> Result<Frame, Overflow> {
        let max_h = match region.height {
            Some(h) => h,
            // As high as one of the columns would need alone.
            None => {
                let n = region.columns.max(1) as f32;
                let col = (region.width - region.gap * (n - 1.0)) / n;
                self.column(style, col, blocks).h + 1.0
            }
        };
        let try_h = |h: f32| {
            let t = region.template(Some(h));
            self.setting_for(style, &t).run(blocks).out
        };
        let full = try_h(max_h);
        if full.pages.len() > 1 {
            return Err(overflow(&full.pages[1..], region));
        }
        // The least height (to a point) that holds everything.
        let (mut lo, mut hi) = (0.0f32, max_h);
        let mut best = full;
        while hi - lo > 1.0 {
            let mid = (lo + hi) / 2.0;
            let l = try_h(mid);
            if l.pages.len() == 1 {
                hi = mid;
                best = l;
            } else {
                lo = mid;
            }
        }
        Ok(Frame {
            items: best.pages.into_iter().flat_map(|p| p.items).collect(),
            h: hi,
            structure: best.structure,
        })
    }

    fn setting_for<'a>(&'a self, style: &'a Style, t: &'a PageTemplate) -> Setting<'a> {
        Setting {
            metrics: &self.metrics,
            style,
            templates: std::slice::from_ref(t),
            first_number: 1,
        }
    }
}

/// The text lines on the pages past a region: distinct baselines per page and column.
fn overflow(pages: &[super::super::page::Page], region: &Region) -> Overflow {
    let step = (region.width + region.gap) / region.columns.max(1) as f32;
    let mut seen = BTreeSet::new();
    for (i, p) in pages.iter().enumerate() {
        for it in &p.items {
            if let Item::Text(r) = it {
                seen.insert((i, (r.x / step.max(1.0)) as i32, (r.y * 10.0).round() as i64));
            }
        }
    }
    Overflow { lines: seen.len() }
}

impl Frame {
    /// The items moved by (`dx`, `dy`).
    pub fn at(&self, dx: f32, dy: f32) -> impl Iterator<Item = Item> + '_ {
        self.items.iter().map(move |it| it.moved(dx, dy))
    }

    /// Adds the frame at (`dx`, `dy`) to `items`, its structure grafted under node
    /// `under` of `tree` (for a page whose items and structure are kept apart).
    pub fn place(
        &self,
        dx: f32,
        dy: f32,
        under: NodeId,
        tree: &mut Structure,
        items: &mut Vec<Item>,
    ) {
        let start = items.len();
        items.extend(self.at(dx, dy));
        tree.graft(self.structure.clone(), under, items[start..].iter_mut());
    }

    /// Adds `other` at (`dx`, `dy`), its structure under node `under` of this frame's.
    pub fn put(&mut self, other: &Frame, dx: f32, dy: f32, under: NodeId) {
        other.place(dx, dy, under, &mut self.structure, &mut self.items);
    }

    /// Adds `other` at (`dx`, `dy`), all its text part of node `node` (a heading set
    /// in several parts).
    pub fn put_as(&mut self, other: &Frame, dx: f32, dy: f32, node: NodeId) {
        self.items.extend(other.at(dx, dy).map(|mut it| {
            if let Item::Text(r) = &mut it {
                r.node = node;
            }
            it
        }));
    }

    /// The same frame with its first text a `role` (a paragraph set on its own that
    /// is a heading).
    pub fn with_role(mut self, role: Role) -> Frame {
        self.structure.retag(&self.items, role);
        self
    }

    /// The same frame as decoration (a repeated head): no structure.
    pub fn into_artifact(self) -> Frame {
        Frame {
            items: self.items.into_iter().map(as_artifact).collect(),
            h: self.h,
            structure: Structure::default(),
        }
    }

    /// Colours the text runs `which` picks.
    pub fn tinted(mut self, which: impl Fn(&GlyphRun) -> bool, color: Rgb) -> Frame {
        for it in &mut self.items {
            if let Item::Text(r) = it {
                if which(r) {
                    r.color = color;
                }
            }
        }
        self
    }
}
