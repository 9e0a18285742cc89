//! Vertical text (縦組み): a frame set horizontally, its measure the length of the
//! vertical line, stood up — a line's baseline offset becomes its distance from the
//! right edge, a glyph's advance its distance from the top. Every line is composed as
//! horizontal text is (kinsoku, the spacing of brackets and punctuation,
//! justification). Glyphs then stand as JLReq's vertical rules say:
//! - upright, in the font's vertical form (`vert`/`vrt2`: 、。「」（）ー and small kana)
//!   with its vertical metrics;
//! - one or two ASCII digits standing alone (a 2-digit number): 縦中横, side by side
//!   across the line;
//! - Latin words and longer numbers (3 digits or more, or with , and .): turned 90°
//!   clockwise, as JLReq's 欧文扱い of a long number (numbers of 3 digits and more read
//!   more easily turned than stacked digit by digit); full-width digits upright.
//!
//! The PDF writer ([`crate::pdf`]) draws [`VRun`]s with the vertical font.

use super::doc::FontKind;
use super::layout::Frame;
use super::page::{GlyphRun, Item, PlacedGlyph, Rgb};
use super::structure::{NodeId, Structure};

/// How the glyphs of a [`VRun`] stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orient {
    /// Upright, advancing down the line (the vertical font).
    Upright,
    /// Turned 90° clockwise, advancing down the line (Latin words, long numbers).
    Rotated,
    /// Side by side across the line in one em (縦中横).
    Across,
}

/// Glyphs of one font, size and orientation on a vertical line.
#[derive(Debug, Clone, PartialEq)]
pub struct VRun {
    pub font: FontKind,
    pub size: f32,
    pub color: Rgb,
    /// Centre of the line, from the left of the page (points).
    pub x: f32,
    /// Top of the run, from the top of the page.
    pub y: f32,
    pub orient: Orient,
    /// `dx` from the top of the run (across: from its left edge), `adv` the glyph's
    /// advance in that direction (points).
    pub glyphs: Vec<PlacedGlyph>,
    /// The structure node of the text (as [`crate::typeset::GlyphRun::node`]).
    pub node: NodeId,
}

/// A font's vertical forms (OpenType `vert`/`vrt2`) and vertical metrics.
pub struct VerticalFont {
    /// Original glyph id → its vertical form (0: none).
    vert: Vec<u16>,
    /// Per glyph: vertical advance and vertical origin's height above the baseline, and
    /// horizontal advance, all in ems.
    metrics: Vec<[f32; 3]>,
}

impl VerticalFont {
    /// Reads the font's GSUB `vert`/`vrt2` single substitutions and its `vhea`/`vmtx`
    /// metrics. Fonts without them set every glyph upright with a one-em advance.
    pub fn new(bytes: &[u8]) -> Result<Self, String> {
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| e.to_string())?;
        let n = face.number_of_glyphs() as usize;
        let upem = face.units_per_em() as f32;
        let mut vert = vec![0u16; n];
        if let Some(gsub) = face.tables().gsub {
            for f in gsub.features {
                if &f.tag.to_bytes() != b"vert" && &f.tag.to_bytes() != b"vrt2" {
                    continue;
                }
                for li in f.lookup_indices {
                    let Some(lookup) = gsub.lookups.get(li) else {
                        continue;
                    };
                    for sub in lookup
                        .subtables
                        .into_iter::<ttf_parser::gsub::SubstitutionSubtable>()
                    {
                        if let ttf_parser::gsub::SubstitutionSubtable::Single(s) = sub {
                            single(&s, &mut vert);
                        }
                    }
                }
            }
        }
        let ascender = face.ascender() as f32;
        let metrics = (0..n as u16)
            .map(|g| {
                let id = ttf_parser::GlyphId(g);
                let h = face.glyph_hor_advance(id).unwrap_or(0) as f32 / upem;
                let v = face.glyph_ver_advance(id).map_or(1.0, |a| a as f32 / upem);
                // The vertical origin: the top of the glyph's box plus its top side
                // bearing (the OpenType definition); the ascender without vmtx.
                let vy = match (
                    face.glyph_y_origin(id),
                    face.glyph_ver_side_bearing(id),
                    face.glyph_bounding_box(id),
                ) {
                    (Some(o), _, _) => o as f32,
                    (None, Some(tsb), Some(b)) => b.y_max as f32 + tsb as f32,
                    _ => ascender,
                } / upem;
                [v, vy, h]
            })
            .collect();
        Ok(VerticalFont { vert, metrics })
    }

    /// The vertical form of `gid`, if the font has one.
    pub fn vert(&self, gid: u16) -> Option<u16> {
        self.vert.get(gid as usize).copied().filter(|&v| v != 0)
    }

    /// Vertical advance of `gid` in ems.
    pub fn advance(&self, gid: u16) -> f32 {
        self.metrics.get(gid as usize).map_or(1.0, |m| m[0])
    }

    /// Vertical advance, vertical origin's height above the baseline and horizontal
    /// advance of `gid`, in ems.
    pub fn metrics(&self, gid: u16) -> Option<[f32; 3]> {
        self.metrics.get(gid as usize).copied()
    }
}

/// Adds a single substitution subtable's pairs to `map`.
fn single(s: &ttf_parser::gsub::SingleSubstitution, map: &mut [u16]) {
    use ttf_parser::gsub::SingleSubstitution as S;
    use ttf_parser::opentype_layout::Coverage;
    let mut put = |g: u16, k: u16| {
        let to = match s {
            S::Format1 { delta, .. } => Some((g as i32 + *delta as i32) as u16),
            S::Format2 { substitutes, .. } => substitutes.get(k).map(|x| x.0),
        };
        if let (Some(to), Some(slot)) = (to, map.get_mut(g as usize)) {
            if *slot == 0 {
                *slot = to;
            }
        }
    };
    match s.coverage() {
        Coverage::Format1 { glyphs } => {
            for (k, g) in glyphs.into_iter().enumerate() {
                put(g.0, k as u16);
            }
        }
        Coverage::Format2 { records } => {
            for r in records {
                for g in r.start.0..=r.end.0 {
                    put(g, r.value + (g - r.start.0));
                }
            }
        }
    }
}

/// Horizontal parts (`items`) and vertical text (`runs`) of a part of the page, relative
/// to its top-left corner; `w` × `h` points; the structure their text names.
#[derive(Default)]
pub struct VFrame {
    pub items: Vec<Item>,
    pub runs: Vec<VRun>,
    pub w: f32,
    pub h: f32,
    pub structure: Structure,
}

impl VFrame {
    /// Adds the piece at (`dx`, `dy`) to a page's `items` and `runs`, its structure
    /// grafted under node `under` of `tree`.
    pub fn place(
        &self,
        dx: f32,
        dy: f32,
        tree: &mut Structure,
        under: NodeId,
        items: &mut Vec<Item>,
        runs: &mut Vec<VRun>,
    ) {
        let start = items.len();
        items.extend(self.items.iter().map(|it| it.moved(dx, dy)));
        let map = tree.adopt(self.structure.clone(), under);
        for it in &mut items[start..] {
            match it {
                Item::Text(r) => r.node = map(r.node),
                Item::Link { node, .. } => *node = map(*node),
                _ => {}
            }
        }
        runs.extend(self.runs.iter().map(|r| VRun {
            x: r.x + dx,
            y: r.y + dy,
            node: map(r.node),
            ..r.clone()
        }));
    }
}

/// How a character stands in a vertical line.
pub fn class(c: char) -> Orient {
    if c.is_ascii_graphic() || c == ' ' || ('\u{A0}'..='\u{24F}').contains(&c) {
        Orient::Rotated
    } else {
        Orient::Upright
    }
}

/// The lines of `piece` (set horizontally, its measure the line length) stood up: the
/// first line at the right edge. Returns the runs, relative to the top-right corner
/// (x ≤ 0), for lines whose horizontal offset lies in `from..to`, shifted by `from`.
pub fn stand_up(piece: &Frame, vf: [&VerticalFont; 2], from: f32, to: f32) -> Vec<VRun> {
    let mut out = Vec::new();
    for it in &piece.items {
        let Item::Text(r) = it else { continue };
        // The centre of the line's em box, counted from the piece's top.
        let centre = r.y - 0.38 * r.size;
        if centre < from || centre >= to {
            continue;
        }
        stand_run(r, -(centre - from), 0.0, vf, &mut out);
    }
    out
}

/// A horizontal run as vertical runs on the line whose centre is at `x`, its start at
/// `top` (plus the run's own offset).
pub fn stand_run(r: &GlyphRun, x: f32, top: f32, vf: [&VerticalFont; 2], out: &mut Vec<VRun>) {
    let f = match r.font {
        FontKind::Body => vf[0],
        FontKind::Heading => vf[1],
    };
    let g = &r.glyphs;
    let mut i = 0;
    while i < g.len() {
        let c = g[i].ch;
        // A run of ASCII digits (with , and . inside): 縦中横 when one or two digits.
        let orient = if c.is_ascii_digit() {
            let mut j = i;
            while j < g.len()
                && (g[j].ch.is_ascii_digit()
                    || (",.".contains(g[j].ch) && j + 1 < g.len() && g[j + 1].ch.is_ascii_digit()))
            {
                j += 1;
            }
            let before = i > 0 && class(g[i - 1].ch) == Orient::Rotated;
            let after = j < g.len() && class(g[j].ch) == Orient::Rotated;
            if j - i <= 2 && !before && !after {
                push(r, &g[i..j], Orient::Across, x, top, f, out);
                i = j;
                continue;
            }
            Orient::Rotated
        } else {
            class(c)
        };
        let mut j = i + 1;
        while j < g.len() && class(g[j].ch) == orient {
            // A short number after a Latin word stays with it; one standing alone is
            // cut out above.
            if orient == Orient::Upright && g[j].ch.is_ascii_digit() {
                break;
            }
            j += 1;
        }
        push(r, &g[i..j], orient, x, top, f, out);
        i = j;
    }
}

fn push(
    r: &GlyphRun,
    gs: &[PlacedGlyph],
    orient: Orient,
    x: f32,
    top: f32,
    f: &VerticalFont,
    out: &mut Vec<VRun>,
) {
    let Some(first) = gs.first() else { return };
    let glyphs = gs
        .iter()
        .map(|g| {
            let mut p = PlacedGlyph {
                dx: g.dx - first.dx,
                ..g.clone()
            };
            if orient == Orient::Upright {
                if let Some(v) = f.vert(g.gid) {
                    p.gid = v;
                }
                p.adv = f.advance(p.gid) * r.size;
            }
            p
        })
        .collect();
    out.push(VRun {
        font: r.font,
        size: r.size,
        color: r.color,
        x,
        y: top + r.x + first.dx,
        orient,
        glyphs,
        node: r.node,
    });
}

/// Lines' centres of a horizontally set piece, in order (distinct baselines).
pub fn line_centres(piece: &Frame) -> Vec<(f32, f32)> {
    let mut v: Vec<(f32, f32)> = piece
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Text(r) => Some((r.y - 0.38 * r.size, r.size)),
            _ => None,
        })
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v.dedup_by(|a, b| (a.0 - b.0).abs() < 0.01);
    v
}

/// `piece`'s lines (`leading` times their size apart) cut into chunks no wider than
/// `width` (whole lines): the start and end offsets of each chunk.
pub fn chunks(piece: &Frame, width: f32, leading: f32) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (c, size) in line_centres(piece) {
        let lo = c - 0.5 * size * leading;
        let hi = c + 0.5 * size * leading;
        match out.last_mut() {
            Some((from, to)) if hi - *from <= width => *to = hi,
            _ => out.push((lo.max(out.last().map_or(0.0, |l| l.1)), hi)),
        }
    }
    out
}

impl VFrame {
    /// Runs made relative to a top-right corner (x ≤ 0), placed with that corner at
    /// (`right`, `top`).
    pub fn place_runs(&mut self, runs: Vec<VRun>, right: f32, top: f32) {
        self.runs.extend(runs.into_iter().map(|r| VRun {
            x: r.x + right,
            y: r.y + top,
            ..r
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipaex_has_vertical_forms_for_the_marks_and_small_kana() {
        let fonts = crate::fonts::FontSet::default();
        for f in [&fonts.body, &fonts.heading] {
            let vf = VerticalFont::new(&f.bytes).unwrap();
            let face = ttf_parser::Face::parse(&f.bytes, 0).unwrap();
            let missing: String =
                "、。「」『』（）【】〈〉《》〔〕ー～…ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
                    .chars()
                    .filter(|&c| vf.vert(face.glyph_index(c).unwrap().0).is_none())
                    .collect();
            assert!(missing.is_empty(), "{}: {missing}", f.name);
            // Kanji have none; a vertical advance of one em.
            let g = face.glyph_index('市').unwrap().0;
            assert!(vf.vert(g).is_none());
            assert!((vf.advance(g) - 1.0).abs() < 0.01);
        }
    }
}
