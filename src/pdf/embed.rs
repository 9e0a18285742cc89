//! Fonts through printpdf: the used glyphs go to printpdf on one scratch page, which
//! subsets the fonts and writes their programs, widths and ToUnicode maps. The scratch
//! page's content tells which code printpdf gave each glyph in the subset; then the
//! page goes, and its resources are shared by the real pages.

use lopdf::{Object, ObjectId};
use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, Rect, TextItem,
};

use super::content::{FontRes, Fonts};
use super::Fnv;
use crate::typeset::{FontKind, Item, Layout};

/// What printpdf made: the document (fonts, catalog, an empty page tree), the shared
/// page resources, and how content streams name the fonts.
pub(super) struct Embedded {
    pub doc: lopdf::Document,
    pub pages_id: ObjectId,
    pub resources_id: ObjectId,
    pub fonts: Fonts,
}

/// For each glyph id of a font, the character it stands for plus one (0: unused).
/// When a glyph stands for several characters the last one in the layout wins, as it
/// did when printpdf collected the glyphs itself.
fn used_glyphs(layout: &Layout, kind: FontKind) -> Vec<u32> {
    let mut used = vec![0u32; 1 << 16];
    for p in &layout.pages {
        for it in &p.items {
            if let Item::Text(r) = it {
                if r.font == kind {
                    for g in &r.glyphs {
                        used[g.gid as usize] = g.ch as u32 + 1;
                    }
                }
            }
        }
    }
    used
}

/// Six capital letters, as PDF subset tags are written.
fn subset_tag(h: u64) -> String {
    let mut h = h;
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// Embeds the fonts `layout` uses, subset, with printpdf.
pub(super) fn embed_fonts(
    layout: &Layout,
    title: &str,
    body: &ParsedFont,
    heading: &ParsedFont,
) -> Embedded {
    let kinds = [(FontKind::Body, body), (FontKind::Heading, heading)];
    let used: Vec<Vec<u32>> = {
        use rayon::prelude::*;
        kinds
            .par_iter()
            .map(|(k, _)| used_glyphs(layout, *k))
            .collect()
    };

    let mut pdf = PdfDocument::new(title);
    let mut ops = vec![Op::StartTextSection];
    // (kind, resource name, glyph ids in order) of the fonts in use.
    let mut in_use: Vec<(FontKind, String, Vec<u16>)> = Vec::new();
    for ((kind, parsed), used) in kinds.iter().zip(&used) {
        let gids: Vec<u16> = (0..used.len())
            .filter(|&g| used[g] != 0)
            .map(|g| g as u16)
            .collect();
        if gids.is_empty() {
            continue;
        }
        // The resource name (and subset tag) is a hash of the glyphs used.
        let mut h = Fnv::new();
        h.write(format!("{kind:?}").as_bytes());
        for g in &gids {
            h.write(&g.to_be_bytes());
        }
        let id = FontId(subset_tag(h.finish()));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new((*parsed).clone()));
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(1.0),
        });
        let glyphs = gids
            .iter()
            .map(|&g| {
                let ch = char::from_u32(used[g as usize] - 1).unwrap_or('\u{FFFD}');
                Codepoint::with_cid(g, 0.0, ch.to_string())
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
        in_use.push((*kind, id.0, gids));
    }
    ops.push(Op::EndTextSection);
    drop(used);
    let size = Rect {
        x: Pt(0.0),
        y: Pt(0.0),
        width: Pt(100.0),
        height: Pt(100.0),
        mode: None,
        winding_order: None,
    };
    pdf.pages = vec![PdfPage {
        media_box: size.clone(),
        trim_box: size.clone(),
        crop_box: size,
        ops,
    }];
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
    drop(pdf);

    // The scratch page: its resources stay, it and its content go.
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("catalog");
    let pages_id = doc
        .get_dictionary(catalog_id)
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("page tree");
    let page_id = *doc.get_pages().values().next().expect("the scratch page");
    let page = doc.get_dictionary(page_id).expect("page dict");
    let resources_id = page
        .get(b"Resources")
        .and_then(Object::as_reference)
        .expect("page resources");
    let contents_id = page
        .get(b"Contents")
        .and_then(Object::as_reference)
        .expect("page contents");
    let content = match doc.objects.remove(&contents_id) {
        Some(Object::Stream(s)) => s.content,
        _ => panic!("scratch page content"),
    };
    doc.objects.remove(&page_id);

    // The codes printpdf wrote for the glyphs, in the order they were given.
    let mut codes = hex_strings(&content).into_iter();
    let mut fonts = Fonts {
        body: None,
        heading: None,
    };
    for (kind, name, gids) in in_use {
        let mut code = vec![0u16; 1 << 16];
        for g in gids {
            code[g as usize] = codes.next().expect("a code for every glyph");
        }
        let res = Some(FontRes {
            name: name.into_bytes(),
            code,
        });
        match kind {
            FontKind::Body => fonts.body = res,
            FontKind::Heading => fonts.heading = res,
        }
    }
    assert!(codes.next().is_none(), "as many codes as glyphs");

    Embedded {
        doc,
        pages_id,
        resources_id,
        fonts,
    }
}

/// The two-byte hex strings of a content stream, in order.
fn hex_strings(content: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < content.len() {
        if content[i] == b'<' {
            let end = i
                + 1
                + content[i + 1..]
                    .iter()
                    .position(|&b| b == b'>')
                    .expect("closed hex string");
            let hex = std::str::from_utf8(&content[i + 1..end]).expect("hex");
            assert_eq!(hex.len(), 4, "two-byte codes");
            out.push(u16::from_str_radix(hex, 16).expect("hex"));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}
