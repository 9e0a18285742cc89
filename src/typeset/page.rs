//! What layout produces: pages of positioned glyph runs, rules, fills and links, plus
//! where each anchor and outline entry landed.
//!
//! Coordinates are points from the page's top-left corner, y downwards; the PDF backend
//! turns them around.

use std::collections::BTreeMap;

use super::doc::{FontKind, Link};
pub use super::structure::{NodeId, Role, StructNode, Structure, ARTIFACT};

/// A colour: red, green and blue from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    /// A grey: 0 black, 1 white.
    pub const fn gray(v: f32) -> Rgb {
        Rgb(v, v, v)
    }
    /// From `0xRRGGBB`.
    pub fn hex(v: u32) -> Rgb {
        let c = |s: u32| ((v >> s) & 0xFF) as f32 / 255.0;
        Rgb(c(16), c(8), c(0))
    }
}

/// One glyph of a run: glyph id, the character it stands for (for text extraction),
/// and its x offset from the run's start.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub gid: u16,
    pub ch: char,
    pub dx: f32,
    /// Advance in points (what the viewer moves by after the glyph).
    pub adv: f32,
}

/// Glyphs of one font and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub font: FontKind,
    pub size: f32,
    pub x: f32,
    /// Baseline, from the top of the page.
    pub y: f32,
    pub color: Rgb,
    pub glyphs: Vec<PlacedGlyph>,
    /// The structure node the run belongs to ([`NodeId`]: 0 not yet assigned,
    /// [`ARTIFACT`] decoration).
    pub node: NodeId,
}

impl GlyphRun {
    /// The run's text.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
    /// Right edge of the last glyph's advance.
    pub fn right(&self) -> f32 {
        self.glyphs.last().map_or(self.x, |g| self.x + g.dx + g.adv)
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(GlyphRun),
    /// A straight line.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
        dotted: bool,
    },
    /// A filled rectangle (top-left corner, size).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A clickable area (top-left corner, size).
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: Link,
        /// The structure node of the linked text.
        node: NodeId,
    },
}

impl Item {
    /// The same item moved by (`dx`, `dy`).
    pub fn moved(&self, dx: f32, dy: f32) -> Item {
        match self {
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

    /// A solid straight line from (`x1`, `y1`) to (`x2`, `y2`).
    pub fn rule(x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb) -> Item {
        Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
            dotted: false,
        }
    }

    /// A filled rectangle: top-left corner (`x`, `y`), `w` × `h`.
    pub fn fill(x: f32, y: f32, w: f32, h: f32, color: Rgb) -> Item {
        Item::Fill { x, y, w, h, color }
    }

    /// The four sides of a box: top, bottom, left, right.
    pub fn border(x: f32, y: f32, w: f32, h: f32, width: f32, color: Rgb) -> [Item; 4] {
        [
            Item::rule(x, y, x + w, y, width, color),
            Item::rule(x, y + h, x + w, y + h, width, color),
            Item::rule(x, y, x, y + h, width, color),
            Item::rule(x + w, y, x + w, y + h, width, color),
        ]
    }
}

/// A laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    /// The text area: x, y (top), width, height.
    pub body: [f32; 4],
    /// The printed page number.
    pub number: u32,
    pub items: Vec<Item>,
}

/// Where a named anchor landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnchorPos {
    /// Page index, 0-based.
    pub page: usize,
    /// Printed page number of that page.
    pub number: u32,
    /// Distance from the top of the page, points.
    pub y: f32,
}

/// An outline (bookmark) entry: level from 1, title, destination.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// The result of layout: pages, anchors and outline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub anchors: BTreeMap<String, AnchorPos>,
    pub outline: Vec<OutlineEntry>,
    /// What each thing on the pages is, for a tagged PDF.
    pub structure: Structure,
}

impl Layout {
    /// Printed page number of an anchor, for a table of contents or a cross-reference.
    pub fn page_of(&self, anchor: &str) -> Option<u32> {
        self.anchors.get(anchor).map(|a| a.number)
    }
}
