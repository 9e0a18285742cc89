//! Page content streams written straight to bytes, and the page's link annotations.
//!
//! The operators are the ones printpdf wrote for the same page (fills, then rules, then
//! text in one `BT`/`ET`, `Td` moves rounded to a thousandth of a point, spacing in TJ
//! offsets), with the same numbers; only the text is denser: the glyphs between two
//! offsets share one hex string instead of one string each.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::typeset::{FontKind, GlyphRun, Item, Layout, Link, NodeId, Page, Rgb, ARTIFACT};

/// An embedded font as the content streams name it: resource name and, for every
/// original glyph id, the code of that glyph in the subset font.
pub(super) struct FontRes {
    pub name: Vec<u8>,
    /// Indexed by original glyph id; only glyphs the layout uses are meaningful.
    pub code: Vec<u16>,
}

/// The fonts of one document, by kind.
pub(super) struct Fonts {
    pub body: Option<FontRes>,
    pub heading: Option<FontRes>,
}

impl Fonts {
    /// The font of kind `k`, if the document uses it.
    pub(super) fn get_opt(&self, k: FontKind) -> Option<&FontRes> {
        match k {
            FontKind::Body => self.body.as_ref(),
            FontKind::Heading => self.heading.as_ref(),
        }
    }

    fn get(&self, k: FontKind) -> &FontRes {
        match k {
            FontKind::Body => self.body.as_ref(),
            FontKind::Heading => self.heading.as_ref(),
        }
        .expect("a font for every run with glyphs")
    }
}

/// `v` rounded to three decimals.
fn milli(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// A coordinate of a rule in thousandths of a point.
fn k(v: f32) -> i64 {
    (v as f64 * 1000.0).round() as i64
}

/// `x1 y1 m x2 y2 l` of a segment in thousandths.
fn segment(out: &mut Vec<u8>, [x1, y1, x2, y2]: [i64; 4]) {
    thousandths(out, x1);
    out.push(b' ');
    thousandths(out, y1);
    out.extend_from_slice(b" m\n");
    thousandths(out, x2);
    out.push(b' ');
    thousandths(out, y2);
    out.extend_from_slice(b" l\n");
}

/// Strokes solid segments of one style, collinear touching ones joined, and empties
/// `segs`.
fn solid_rules(out: &mut Vec<u8>, segs: &mut Vec<[i64; 4]>) {
    if segs.is_empty() {
        return;
    }
    // Horizontal as (y, x from, x to), vertical as (x, y from, y to); others as they are.
    let mut hor: Vec<(i64, i64, i64)> = Vec::new();
    let mut ver: Vec<(i64, i64, i64)> = Vec::new();
    let mut other: Vec<[i64; 4]> = Vec::new();
    for &[x1, y1, x2, y2] in segs.iter() {
        if y1 == y2 {
            hor.push((y1, x1.min(x2), x1.max(x2)));
        } else if x1 == x2 {
            ver.push((x1, y1.min(y2), y1.max(y2)));
        } else {
            other.push([x1, y1, x2, y2]);
        }
    }
    segs.clear();
    let mut n = 0;
    let mut emit = |out: &mut Vec<u8>, s: [i64; 4]| {
        segment(out, s);
        n += 1;
        // One path per few hundred segments.
        if n % 256 == 0 {
            out.extend_from_slice(b"S\n");
        }
    };
    for (lines, horizontal) in [(&mut hor, true), (&mut ver, false)] {
        lines.sort_unstable();
        // A merged segment (line, from, to) as x1 y1 x2 y2.
        let ends = |(c, a, b): (i64, i64, i64)| {
            if horizontal {
                [a, c, b, c]
            } else {
                [c, a, c, b]
            }
        };
        let mut cur: Option<(i64, i64, i64)> = None;
        for &(c, a, b) in lines.iter() {
            match &mut cur {
                Some((cc, _, cb)) if *cc == c && a <= *cb => *cb = (*cb).max(b),
                _ => {
                    if let Some(seg) = cur {
                        emit(out, ends(seg));
                    }
                    cur = Some((c, a, b));
                }
            }
        }
        if let Some(seg) = cur {
            emit(out, ends(seg));
        }
    }
    for s in other {
        emit(out, s);
    }
    if n % 256 != 0 {
        out.extend_from_slice(b"S\n");
    }
}

/// A coordinate of a rule or fill rounded to a thousandth of a point (a third of a
/// micrometre): the file says 62.362, not 62.362206.
pub(super) fn milli32(v: f32) -> f32 {
    milli(v as f64)
}

/// A number as lopdf writes a real: the shortest decimal that reads back as `v`,
/// without exponent.
#[inline]
pub(super) fn num(out: &mut Vec<u8>, v: f32) {
    if v == 0.0 {
        out.push(b'0');
        return;
    }
    // Thousandths (what the moves and rules are rounded to) without float formatting.
    // Below 8192 two numbers of three decimals never read back as the same f32, so the
    // one that reads back as `v` is the shortest.
    if v.abs() < 8192.0 {
        let k = (v as f64 * 1000.0).round();
        if (k / 1000.0) as f32 == v {
            thousandths(out, k as i64);
            return;
        }
    }
    write!(out, "{v}").expect("memory");
}

/// `k` thousandths as a decimal, without trailing zeros.
fn thousandths(out: &mut Vec<u8>, k: i64) {
    if k < 0 {
        out.push(b'-');
    }
    let k = k.unsigned_abs();
    let (int, mut frac) = (k / 1000, k % 1000);
    digits(out, int);
    if frac != 0 {
        out.push(b'.');
        let mut n = 3;
        while frac % 10 == 0 {
            frac /= 10;
            n -= 1;
        }
        for _ in 0..n - (frac.ilog10() as usize + 1) {
            out.push(b'0');
        }
        digits(out, frac);
    }
}

/// The decimal digits of `n`.
fn digits(out: &mut Vec<u8>, n: u64) {
    super::save::padded(out, n, 0)
}

fn nums(out: &mut Vec<u8>, vs: &[f32], op: &[u8]) {
    for v in vs {
        num(out, *v);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

/// A colour operator: grey when it is one, RGB otherwise (`g`/`rg` to fill, `G`/`RG`
/// to stroke).
fn color(out: &mut Vec<u8>, c: Rgb, stroke: bool) {
    if c.0 == c.1 && c.1 == c.2 {
        nums(out, &[c.0], if stroke { b"G" } else { b"g" });
    } else {
        nums(out, &[c.0, c.1, c.2], if stroke { b"RG" } else { b"rg" });
    }
}

/// One byte of a literal string: backslash, parentheses and line ends escaped (a bare
/// line end would be read as a newline, whatever it was).
#[inline]
pub(super) fn string_byte(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\n' => out.extend_from_slice(b"\\n"),
        _ => out.push(b),
    }
}

/// The marked-content sequence open in a text object of a tagged page: consecutive runs
/// of one structure node share one sequence, numbered with the page's next MCID.
#[derive(Default)]
pub(super) struct Marks {
    open: Option<NodeId>,
}

impl Marks {
    /// Moves to `node`'s sequence: `None` when it is the open one, else whether the
    /// new sequence takes an MCID (an artifact's does not). The one rule both
    /// [`Marks::enter`] and [`Marks::count`] follow.
    fn step(&mut self, node: NodeId) -> Option<bool> {
        (self.open.replace(node) != Some(node)).then_some(node != ARTIFACT)
    }

    /// Opens the sequence of `node` unless it is the open one (closing that first);
    /// a new MCID is numbered `next`, which moves on.
    pub(super) fn enter(&mut self, out: &mut Vec<u8>, next: &mut u32, node: NodeId) {
        let was = self.open;
        let Some(marked) = self.step(node) else {
            return;
        };
        if was.is_some() {
            out.extend_from_slice(b"EMC\n");
        }
        if marked {
            out.extend_from_slice(b"/Span<</MCID ");
            digits(out, *next as u64);
            out.extend_from_slice(b">>BDC\n");
            *next += 1;
        } else {
            out.extend_from_slice(b"/Artifact BMC\n");
        }
    }

    /// What [`Marks::enter`] numbers, without writing: each new MCID's node pushed on
    /// `mcids`. The structure tree is built from these while the content is written.
    pub(super) fn count(&mut self, mcids: &mut Vec<NodeId>, node: NodeId) {
        if self.step(node) == Some(true) {
            mcids.push(node);
        }
    }

    /// Closes the open sequence, if any.
    pub(super) fn close(&mut self, out: &mut Vec<u8>) {
        if self.open.take().is_some() {
            out.extend_from_slice(b"EMC\n");
        }
    }
}

/// The content stream of `p`, appended to `out`. With `next` (a tagged PDF, the
/// page's next MCID) the text is marked content: each run of glyphs of one structure
/// node gets the next MCID (as [`page_marks`] counts them); fills, rules and artifact
/// runs are marked as artifacts.
pub(super) fn page_content(p: &Page, fonts: &Fonts, out: &mut Vec<u8>, mut next: Option<&mut u32>) {
    let tagged = next.is_some();
    let art = |out: &mut Vec<u8>, any: bool, f: &dyn Fn(&mut Vec<u8>)| {
        if tagged && any {
            out.extend_from_slice(b"/Artifact BMC\n");
            f(out);
            out.extend_from_slice(b"EMC\n");
        } else {
            f(out)
        }
    };
    let any_fill = p.items.iter().any(|i| matches!(i, Item::Fill { .. }));
    let any_rule = p.items.iter().any(|i| matches!(i, Item::Rule { .. }));
    art(out, any_fill, &|out| fills(p, out));
    // The fill colour the fills leave set.
    let fill = p.items.iter().rev().find_map(|i| match i {
        Item::Fill { color, .. } => Some(*color),
        _ => None,
    });
    art(out, any_rule, &|out| rules(p, out));
    text(p, fonts, out, fill, &mut next);
}

/// The fills of `p` (under everything else).
fn fills(p: &Page, out: &mut Vec<u8>) {
    let h = p.height;
    let mut fill: Option<Rgb> = None;
    for it in &p.items {
        if let Item::Fill {
            x,
            y,
            w,
            h: fh,
            color: g,
        } = it
        {
            if fill != Some(*g) {
                color(out, *g, false);
                fill = Some(*g);
            }
            nums(
                out,
                &[milli32(*x), milli32(h - y - fh), milli32(*w), milli32(*fh)],
                b"re",
            );
            out.extend_from_slice(b"f\n");
        }
    }
}

/// The rules of `p`.
fn rules(p: &Page, out: &mut Vec<u8>) {
    let h = p.height;
    // Rules in runs of one stroke style. The solid rules of a run are one path, and
    // collinear ones that touch or overlap are one segment: with butt caps the ink is
    // the same, and a table's grid is a line per row and column instead of a line per
    // cell edge. Dotted rules are written as they come (their dots start at each end).
    let mut stroke: Option<(f32, Rgb, bool)> = None;
    let mut run: Vec<[i64; 4]> = Vec::new();
    for it in &p.items {
        if let Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
            color: g,
            dotted,
        } = it
        {
            if stroke != Some((*width, *g, *dotted)) {
                solid_rules(out, &mut run);
                color(out, *g, true);
                nums(out, &[*width], b"w");
                if *dotted {
                    out.extend_from_slice(b"[0.8 2.4] 0 d\n1 J\n");
                } else {
                    out.extend_from_slice(b"[] 0 d\n0 J\n");
                }
                stroke = Some((*width, *g, *dotted));
            }
            let seg = [k(*x1), k(h - y1), k(*x2), k(h - y2)];
            if *dotted {
                segment(out, seg);
                out.extend_from_slice(b"S\n");
            } else {
                run.push(seg);
            }
        }
    }
    solid_rules(out, &mut run);
}

/// The runs of `p` that are drawn as text, in the order drawn.
fn text_runs(p: &Page) -> impl Iterator<Item = &GlyphRun> {
    p.items.iter().filter_map(|it| match it {
        Item::Text(r) if !r.glyphs.is_empty() => Some(r),
        _ => None,
    })
}

/// The node of each MCID [`page_content`] gives the text of `p`, pushed on `mcids`.
pub(super) fn page_marks(p: &Page, mcids: &mut Vec<NodeId>) {
    let mut marks = Marks::default();
    for r in text_runs(p) {
        marks.count(mcids, r.node);
    }
}

/// The text of `p`, in one text object; `fill` is the fill colour the fills left.
fn text(
    p: &Page,
    fonts: &Fonts,
    out: &mut Vec<u8>,
    fill: Option<Rgb>,
    next: &mut Option<&mut u32>,
) {
    let h = p.height;
    let mut marks = Marks::default();
    let mut in_text = false;
    let mut font: Option<(FontKind, f32)> = None;
    let mut text_color: Option<Rgb> = fill;
    // Where the viewer's text line matrix is: the sum of the moves as written.
    let (mut cx, mut cy) = (0.0f64, 0.0f64);
    for r in text_runs(p) {
        if !in_text {
            out.extend_from_slice(b"BT\n");
            in_text = true;
        }
        if let Some(n) = next.as_deref_mut() {
            marks.enter(out, n, r.node);
        }
        let f = fonts.get(r.font);
        if font != Some((r.font, r.size)) {
            out.push(b'/');
            out.extend_from_slice(&f.name);
            out.push(b' ');
            nums(out, &[r.size], b"Tf");
            font = Some((r.font, r.size));
        }
        if text_color != Some(r.color) {
            color(out, r.color, false);
            text_color = Some(r.color);
        }
        // Moves rounded to a thousandth of a point, so the file says 10.4, not 10.399998.
        let (dx, dy) = (milli(r.x as f64 - cx), milli((h - r.y) as f64 - cy));
        nums(out, &[dx, dy], b"Td");
        (cx, cy) = (cx + dx as f64, cy + dy as f64);
        // Two bytes per glyph in literal strings (hex would take four).
        out.extend_from_slice(b"[(");
        let n = r.glyphs.len();
        for (k, g) in r.glyphs.iter().enumerate() {
            let [hi, lo] = f.code[g.gid as usize].to_be_bytes();
            string_byte(out, hi);
            string_byte(out, lo);
            if k + 1 < n {
                // TJ offset after the glyph: thousandths of an em, positive moves left.
                let gap = r.glyphs[k + 1].dx - g.dx - g.adv;
                let off = milli(-gap as f64 * 1000.0 / r.size as f64);
                if off != 0.0 {
                    out.push(b')');
                    num(out, off);
                    out.push(b'(');
                }
            }
        }
        out.extend_from_slice(b")]TJ\n");
    }
    marks.close(out);
    if in_text {
        out.extend_from_slice(b"ET\n");
    }
}

/// The link annotations of `p` (of page index `_i`); links to anchors the layout does
/// not have are left out.
pub(super) fn page_links(
    p: &Page,
    layout: &Layout,
    page_ids: &[ObjectId],
) -> Vec<(Dictionary, NodeId)> {
    let h = p.height;
    let mut out = Vec::new();
    for it in &p.items {
        let Item::Link {
            x,
            y,
            w,
            h: lh,
            target,
            node,
        } = it
        else {
            continue;
        };
        let mut action = Dictionary::new();
        match target {
            Link::Uri(u) => {
                action.set("S", Object::Name(b"URI".to_vec()));
                action.set(
                    "URI",
                    Object::String(u.as_bytes().to_vec(), StringFormat::Literal),
                );
            }
            Link::Anchor(a) => {
                let Some(pos) = layout.anchors.get(a) else {
                    continue;
                };
                let top = layout.pages[pos.page].height - pos.y;
                action.set("S", Object::Name(b"GoTo".to_vec()));
                action.set(
                    "D",
                    Object::Array(vec![
                        Object::Reference(page_ids[pos.page]),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(top),
                        Object::Null,
                    ]),
                );
            }
        }
        let y0 = h - y - lh;
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Annot".to_vec()));
        d.set("Subtype", Object::Name(b"Link".to_vec()));
        d.set(
            "Rect",
            Object::Array(vec![
                Object::Real(*x),
                Object::Real(y0),
                Object::Real(x + w),
                Object::Real(y0 + lh),
            ]),
        );
        d.set("A", Object::Dictionary(action));
        d.set(
            "Border",
            Object::Array(vec![
                Object::Real(0.0),
                Object::Real(0.0),
                Object::Real(0.0),
            ]),
        );
        d.set("H", Object::Name(b"I".to_vec()));
        // Printed (PDF/A-2 wants every annotation's Print flag set).
        d.set("F", Object::Integer(4));
        out.push((d, *node));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_lopdf_writes_them() {
        for v in [
            0.0f32, 1.0, -250.0, 10.4, 0.001, -0.001, 62.362206, 841.8898, 1e6, 1e7, 2.5e-7,
            -88.71, 595.2756, 0.05, -0.01, 8191.999, 8192.5, 100.1, 0.3, 0.35, 0.88,
        ]
        .into_iter()
        .chain((0..200_000).map(|i| i as f32 * 0.0371 - 3000.0))
        .chain((0..200_000).map(|i| ((i as f64 * 0.037 - 3000.0) * 1000.0).round() as f32 / 1000.0))
        {
            let mut a = Vec::new();
            num(&mut a, v);
            // lopdf writes a real with `{}`.
            assert_eq!(String::from_utf8(a).unwrap(), format!("{v}"));
        }
    }
}
