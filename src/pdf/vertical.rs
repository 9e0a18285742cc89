//! Vertical text (縦組み) in PDF: the glyphs' vertical forms and metrics from the font,
//! and text drawn in a Type0 font with the `Identity-V` encoding (writing mode 1), so
//! that viewers select, search and copy it top to bottom in reading order.
//!
//! printpdf writes only `Identity-H` fonts. The vertical font is a second Type0 font
//! over the same subset CIDFont (its program, widths and ToUnicode map), with
//! `/Encoding /Identity-V`; the CIDFont gets the vertical metrics (`/W2`, `/DW2`) of
//! the glyphs drawn upright, from the font's `vmtx`. Latin words are drawn rotated and
//! 縦中横 across with the horizontal font.

use lopdf::{Dictionary, Object, ObjectId};

use super::content::{self, string_byte, FontRes, Fonts, Marks};
use crate::typeset::{FontKind, NodeId, Rgb};

pub use crate::typeset::vertical::{Orient, VRun, VerticalFont};

/// The PDF's vertical metrics of `gid` in thousandths of an em: (w1y, vx, vy).
fn w2(vf: &VerticalFont, gid: u16) -> (i64, i64, i64) {
    let [v, vy, h] = vf.metrics(gid).unwrap_or([1.0, 0.88, 1.0]);
    (
        -(v * 1000.0).round() as i64,
        (h * 500.0).round() as i64,
        (vy * 1000.0).round() as i64,
    )
}

/// Resource name of the vertical font of a horizontal one.
fn v_name(name: &[u8]) -> Vec<u8> {
    let mut n = name.to_vec();
    n.push(b'V');
    n
}

/// `v` to a thousandth, as the horizontal text's numbers are written.
fn num(out: &mut Vec<u8>, v: f32) {
    content::num(out, content::milli32(v))
}

/// The runs of a page that are drawn, with their font, in the order drawn.
fn drawn<'a>(runs: &'a [VRun], fonts: &'a Fonts) -> impl Iterator<Item = (&'a VRun, &'a FontRes)> {
    runs.iter()
        .filter(|r| !r.glyphs.is_empty())
        .filter_map(|r| Some((r, fonts.get_opt(r.font)?)))
}

/// The node of each MCID [`page_content`] gives the runs of a page, pushed on `mcids`
/// (after the page's other MCIDs).
pub(super) fn page_marks(runs: &[VRun], fonts: &Fonts, mcids: &mut Vec<NodeId>) {
    let mut marks = Marks::default();
    for (r, _) in drawn(runs, fonts) {
        marks.count(mcids, r.node);
    }
}

/// Appends the vertical runs of a page (`h` points high) to its content stream, in
/// the order given (the reading order), each with its own text matrix. With `next`
/// (a tagged PDF: the MCID after the page's other ones) consecutive runs of one node
/// are one marked-content sequence with the next MCID, and artifact runs are marked
/// as artifacts.
pub(super) fn page_content(
    runs: &[VRun],
    fonts: &Fonts,
    h: f32,
    out: &mut Vec<u8>,
    mut next: Option<&mut u32>,
) {
    if runs.is_empty() {
        return;
    }
    out.extend_from_slice(b"BT\n");
    let mut color: Option<Rgb> = None;
    let mut font: Option<(FontKind, bool, f32)> = None;
    let mut marks = Marks::default();
    for (r, f) in drawn(runs, fonts) {
        if let Some(n) = next.as_deref_mut() {
            marks.enter(out, n, r.node);
        }
        if color != Some(r.color) {
            let c = r.color;
            for v in [c.0, c.1, c.2] {
                num(out, v);
                out.push(b' ');
            }
            out.extend_from_slice(b"rg\n");
            color = Some(r.color);
        }
        let upright = r.orient == Orient::Upright;
        if font != Some((r.font, upright, r.size)) {
            out.push(b'/');
            if upright {
                out.extend_from_slice(&v_name(&f.name));
            } else {
                out.extend_from_slice(&f.name);
            }
            out.push(b' ');
            num(out, r.size);
            out.extend_from_slice(b" Tf\n");
            font = Some((r.font, upright, r.size));
        }
        // The text matrix: the pen at the run's start.
        let (m, x, y) = match r.orient {
            // The vertical origin is the top centre of the glyph's em.
            Orient::Upright => ([1.0, 0.0, 0.0, 1.0], r.x, h - r.y),
            // Turned clockwise: the baseline runs down, the em centred on the line.
            Orient::Rotated => ([0.0, -1.0, 1.0, 0.0], r.x - 0.38 * r.size, h - r.y),
            // Across: the glyphs centred on the line, the em's top at the run's top,
            // narrowed to one em where wider (IPAex's digits are 0.62 em).
            Orient::Across => {
                let w = r.glyphs.last().map_or(0.0, |g| g.dx + g.adv);
                let scale = (r.size / w.max(0.01)).min(1.0);
                (
                    [scale, 0.0, 0.0, 1.0],
                    r.x - w * scale / 2.0,
                    h - r.y - 0.88 * r.size,
                )
            }
        };
        for v in m.into_iter().chain([x, y]) {
            num(out, v);
            out.push(b' ');
        }
        out.extend_from_slice(b"Tm\n[(");
        let n = r.glyphs.len();
        for (k, g) in r.glyphs.iter().enumerate() {
            let [hi, lo] = f.code[g.gid as usize].to_be_bytes();
            string_byte(out, hi);
            string_byte(out, lo);
            if k + 1 < n {
                // After the glyph, the pen moved by its advance; the rest is a TJ
                // offset in thousandths of an em, subtracted from the displacement:
                // positive moves back (left) across, but down in writing mode 1,
                // whose displacement is negative (PDF 32000-1, 9.4.4).
                let gap = r.glyphs[k + 1].dx - g.dx - g.adv;
                let off = if upright { gap } else { -gap } * 1000.0 / r.size;
                if off.abs() >= 0.0005 {
                    out.push(b')');
                    num(out, off);
                    out.push(b'(');
                }
            }
        }
        out.extend_from_slice(b")]TJ\n");
    }
    marks.close(out);
    out.extend_from_slice(b"ET\n");
}

/// Adds the `Identity-V` fonts for the upright glyphs of `runs` to the shared page
/// resources, and their vertical metrics to the CIDFonts.
pub(super) fn add_fonts(
    doc: &mut lopdf::Document,
    resources_id: ObjectId,
    fonts: &Fonts,
    vfonts: [&VerticalFont; 2],
    runs: &[Vec<VRun>],
) {
    for (kind, vf) in [FontKind::Body, FontKind::Heading].into_iter().zip(vfonts) {
        let Some(f) = fonts.get_opt(kind) else {
            continue;
        };
        // The upright glyphs' codes and metrics, sorted by code.
        let mut w2: Vec<(u16, (i64, i64, i64))> = runs
            .iter()
            .flatten()
            .filter(|r| r.font == kind && r.orient == Orient::Upright)
            .flat_map(|r| r.glyphs.iter())
            .map(|g| (f.code[g.gid as usize], w2(vf, g.gid)))
            .collect();
        if w2.is_empty() {
            continue;
        }
        w2.sort_unstable();
        w2.dedup();
        // The horizontal Type0 font of this resource name.
        let Some(type0_id) = font_ref(doc, resources_id, &f.name) else {
            continue;
        };
        let Ok(type0) = doc.get_dictionary(type0_id).cloned() else {
            continue;
        };
        // The vertical metrics go on a copy of the CIDFont (`embed` writes it inline
        // in the Type0 font; the font program and ToUnicode map stay shared).
        let mut arr = Vec::new();
        for (code, (w1, vx, vy)) in &w2 {
            arr.push(Object::Integer(*code as i64));
            arr.push(Object::Array(vec![
                Object::Integer(*w1),
                Object::Integer(*vx),
                Object::Integer(*vy),
            ]));
        }
        let cid = match type0
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
        {
            Some(Object::Reference(id)) => doc.get_dictionary(*id).ok().cloned(),
            Some(Object::Dictionary(d)) => Some(d.clone()),
            _ => None,
        };
        let Some(mut cid) = cid else { continue };
        cid.set("W2", Object::Array(arr));
        cid.set(
            "DW2",
            Object::Array(vec![Object::Integer(880), Object::Integer(-1000)]),
        );
        let cid_id = doc.add_object(cid);
        let mut v = type0;
        v.set("Encoding", Object::Name(b"Identity-V".to_vec()));
        v.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_id)]),
        );
        let vid = doc.add_object(v);
        if let Some(fd) = font_dict(doc, resources_id) {
            fd.set(v_name(&f.name), Object::Reference(vid));
        }
    }
}

/// The resources' font dictionary (inline or referenced).
fn font_dict(doc: &mut lopdf::Document, resources_id: ObjectId) -> Option<&mut Dictionary> {
    let fonts = doc.get_dictionary(resources_id).ok()?.get(b"Font").ok()?;
    if let Ok(id) = fonts.as_reference() {
        return doc.get_dictionary_mut(id).ok();
    }
    doc.get_dictionary_mut(resources_id)
        .ok()?
        .get_mut(b"Font")
        .ok()?
        .as_dict_mut()
        .ok()
}

/// The object of the font named `name` in the resources.
fn font_ref(doc: &mut lopdf::Document, resources_id: ObjectId, name: &[u8]) -> Option<ObjectId> {
    font_dict(doc, resources_id)?
        .get(name)
        .ok()?
        .as_reference()
        .ok()
}

/// A page of the vertical runs' glyphs, for the embedding only (never drawn).
pub(super) fn embedding_page(runs: &[Vec<VRun>]) -> crate::typeset::Page {
    let items = runs
        .iter()
        .flatten()
        .map(|r| {
            crate::typeset::Item::Text(crate::typeset::GlyphRun {
                font: r.font,
                size: r.size,
                x: 0.0,
                y: 0.0,
                color: r.color,
                glyphs: r.glyphs.clone(),
                node: crate::typeset::structure::ARTIFACT,
            })
        })
        .collect();
    crate::typeset::Page {
        width: 0.0,
        height: 0.0,
        body: [0.0; 4],
        number: 0,
        items,
    }
}
