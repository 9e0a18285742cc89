//! PDF backend: turns a [`Layout`] into PDF bytes with printpdf's low-level operators,
//! then mends the document printpdf makes (outline, /Lang, metadata, /ID, link
//! borders, stream compression) before writing it once.
//!
//! The bytes depend only on the layout, the fonts and [`PdfMeta`]: font resource names
//! and the trailer /ID are derived from the content, never from printpdf's process-wide
//! counters, so building the same document twice — in one process or two, in any
//! order — gives the same file.
//!
//! ```
//! use hoshin::fonts::FontSet;
//! use hoshin::pdf::{PdfMeta, PdfWriter};
//! use hoshin::typeset::*;
//!
//! let fonts = FontSet::default();
//! let cover = PageTemplate { running_head: false, folio: None, ..PageTemplate::a4().named("cover") };
//! let ts = Typesetter::new(&fonts, Style::default(), vec![PageTemplate::a4(), cover]);
//!
//! // The document, with the table of contents' page numbers as a parameter.
//! let build = |pages: &dyn Fn(&str) -> String| {
//!     let mut d = Document::new();
//!     d.push(Block::PageBreak(Some("cover".into())))
//!         .push(Block::heading(1, "令和7年度 各部の運営方針"))
//!         .push(Block::PageBreak(Some("a4".into())))
//!         .push(Block::PageNumber(1))
//!         .push(Block::heading(1, "目次"));
//!     for (text, anchor) in [("総務部", "somu"), ("企画部", "kikaku")] {
//!         d.push(Block::Toc(TocEntry { level: 1, text: text.into(), page: pages(anchor), target: Some(anchor.into()) }));
//!     }
//!     d.push(Block::RunningHead("総務部".into()))
//!         .push(Block::heading_anchored(1, "総務部", "somu"))
//!         .push(Block::para("総務部は、市政の基盤を支えます。予算額は1,234,567千円です。"))
//!         .push(Block::bullets(["職員の育成", "情報セキュリティ（ISMS）の強化"]))
//!         .push(Block::Table(
//!             Table::new(&[1.0, 4.0, 2.0], &["番号", "事業名", "予算額（千円）"], vec![
//!                 vec!["1".into(), "庁舎の改修".into(), "12,345".into()],
//!             ])
//!             .align(2, Align::Right),
//!         ))
//!         .push(Block::PageBreak(None))
//!         .push(Block::RunningHead("企画部".into()))
//!         .push(Block::heading_anchored(1, "企画部", "kikaku"))
//!         .push(Block::numbered(["総合計画の推進", "広報の充実"]));
//!     d
//! };
//! // Pass 1 finds where the anchors land; pass 2 prints those numbers.
//! let first = ts.layout(&build(&|_| "0".into()));
//! let layout = ts.layout(&build(&|a| first.page_of(a).unwrap().to_string()));
//! assert_eq!(layout.page_of("kikaku"), Some(2));
//!
//! let meta = PdfMeta { title: "運営方針".into(), author: "○○市".into(), time: 1_735_689_600, ..Default::default() };
//! let bytes = PdfWriter::new(&fonts).unwrap().write(&layout, &meta);
//! assert!(bytes.starts_with(b"%PDF-1.7"));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, FontId, Greyscale, Line, LineDashPattern,
    LinePoint, LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, WindingOrder,
};
use rayon::prelude::*;

use crate::fonts::FontSet;
use crate::typeset::{FontKind, Item, Layout, Link, Rgb};

/// What the PDF says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// BCP 47 language tag of the text (`/Lang`).
    pub lang: String,
    /// Creation and modification time, seconds since 1970 (UTC). Pass the time derived
    /// from `SOURCE_DATE_EPOCH` for reproducible output.
    pub time: i64,
    /// Open the outline panel when the document has an outline.
    pub show_outline: bool,
}

impl Default for PdfMeta {
    fn default() -> Self {
        PdfMeta {
            title: String::new(),
            author: String::new(),
            subject: String::new(),
            lang: "ja".to_string(),
            time: 0,
            show_outline: true,
        }
    }
}

/// Parsed fonts ready for embedding. Parse once, write many documents.
pub struct PdfWriter {
    body: ParsedFont,
    heading: ParsedFont,
}

/// Writes `layout` as PDF with a one-off [`PdfWriter`].
pub fn write_pdf(layout: &Layout, fonts: &FontSet, meta: &PdfMeta) -> Result<Vec<u8>, String> {
    Ok(PdfWriter::new(fonts)?.write(layout, meta))
}

impl PdfWriter {
    /// Parses the body and heading fonts for subsetting.
    pub fn new(fonts: &FontSet) -> Result<Self, String> {
        let parse = |f: &crate::fonts::FontData| {
            let mut w = Vec::new();
            ParsedFont::from_bytes(&f.bytes, 0, &mut w)
                .ok_or_else(|| format!("フォント {} を PDF 用に読めません", f.name))
        };
        // Each parse takes tens of milliseconds: do both at once.
        let (body, heading) = rayon::join(|| parse(&fonts.body), || parse(&fonts.heading));
        Ok(PdfWriter {
            body: body?,
            heading: heading?,
        })
    }

    fn font(&self, k: FontKind) -> &ParsedFont {
        match k {
            FontKind::Body => &self.body,
            FontKind::Heading => &self.heading,
        }
    }

    /// The PDF file for `layout`.
    pub fn write(&self, layout: &Layout, meta: &PdfMeta) -> Vec<u8> {
        // Glyphs used per font; the resource name (and subset tag) is a hash of them.
        let mut used: BTreeMap<FontKind, BTreeSet<u16>> = BTreeMap::new();
        for p in &layout.pages {
            for it in &p.items {
                if let Item::Text(r) = it {
                    used.entry(r.font)
                        .or_default()
                        .extend(r.glyphs.iter().map(|g| g.gid));
                }
            }
        }
        let mut ids: BTreeMap<FontKind, FontId> = BTreeMap::new();
        let mut pdf = PdfDocument::new(&meta.title);
        for (kind, gids) in &used {
            let mut h = Fnv::new();
            h.write(format!("{kind:?}").as_bytes());
            for g in gids {
                h.write(&g.to_be_bytes());
            }
            let id = FontId(subset_tag(h.finish()));
            pdf.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(self.font(*kind).clone()));
            ids.insert(*kind, id);
        }

        let pages: Vec<PdfPage> = layout.pages.par_iter().map(|p| page_ops(p, &ids)).collect();
        pdf.pages = pages;
        let opts = PdfSaveOptions {
            optimize: false,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
        mend(&mut doc, layout, meta);
        compress(&mut doc);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("writing to memory");
        out
    }
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

/// `v` rounded to three decimals.
fn milli(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// A colour operator operand: grey when it is one, RGB otherwise.
fn color(c: Rgb) -> Color {
    if c.0 == c.1 && c.1 == c.2 {
        Color::Greyscale(Greyscale {
            percent: c.0,
            icc_profile: None,
        })
    } else {
        Color::Rgb(printpdf::Rgb {
            r: c.0,
            g: c.1,
            b: c.2,
            icc_profile: None,
        })
    }
}

/// Operators of one page. Text moves with relative `Td`s between runs (cheaper for
/// printpdf than absolute matrices) and spacing goes into TJ offsets.
fn page_ops(p: &crate::typeset::Page, ids: &BTreeMap<FontKind, FontId>) -> PdfPage {
    let h = p.height;
    let mut ops = Vec::new();
    // Fills under everything, then rules, then text.
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
                ops.push(Op::SetFillColor { col: color(*g) });
                fill = Some(*g);
            }
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(h - y - fh),
                    width: Pt(*w),
                    height: Pt(*fh),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
        }
    }
    let mut stroke: Option<(f32, Rgb, bool)> = None;
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
                ops.push(Op::SetOutlineColor { col: color(*g) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                let dash = if *dotted {
                    LineDashPattern::new(0.0, &[0.8, 2.4])
                } else {
                    LineDashPattern::solid()
                };
                ops.push(Op::SetLineDashPattern { dash });
                if *dotted {
                    ops.push(Op::SetLineCapStyle {
                        cap: printpdf::LineCapStyle::Round,
                    });
                } else {
                    ops.push(Op::SetLineCapStyle {
                        cap: printpdf::LineCapStyle::Butt,
                    });
                }
                stroke = Some((*width, *g, *dotted));
            }
            let pt = |x: f32, y: f32| LinePoint {
                p: Point {
                    x: Pt(x),
                    y: Pt(h - y),
                },
                bezier: false,
            };
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![pt(*x1, *y1), pt(*x2, *y2)],
                    is_closed: false,
                },
            });
        }
    }
    let mut in_text = false;
    let mut font: Option<(FontKind, f32)> = None;
    let mut text_color: Option<Rgb> = fill;
    // Where the viewer's text line matrix is: the sum of the moves as written.
    let (mut cx, mut cy) = (0.0f64, 0.0f64);
    for it in &p.items {
        let Item::Text(r) = it else { continue };
        if r.glyphs.is_empty() {
            continue;
        }
        if !in_text {
            ops.push(Op::StartTextSection);
            in_text = true;
        }
        if font != Some((r.font, r.size)) {
            let id = ids[&r.font].clone();
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(r.size),
            });
            font = Some((r.font, r.size));
        }
        if text_color != Some(r.color) {
            ops.push(Op::SetFillColor {
                col: color(r.color),
            });
            text_color = Some(r.color);
        }
        // Moves rounded to a thousandth of a point, so the file says 10.4, not 10.399998.
        let (dx, dy) = (milli(r.x as f64 - cx), milli((h - r.y) as f64 - cy));
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(dx),
                y: Pt(dy),
            },
        });
        (cx, cy) = (cx + dx as f64, cy + dy as f64);
        let n = r.glyphs.len();
        let glyphs = r
            .glyphs
            .iter()
            .enumerate()
            .map(|(k, g)| {
                // TJ offset after the glyph: thousandths of an em, positive moves left.
                let off = if k + 1 < n {
                    let gap = r.glyphs[k + 1].dx - g.dx - g.adv;
                    milli(-gap as f64 * 1000.0 / r.size as f64)
                } else {
                    0.0
                };
                Codepoint::with_cid(g.gid, if off == 0.0 { 0.0 } else { off }, g.ch.to_string())
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    for it in &p.items {
        if let Item::Link {
            x,
            y,
            w,
            h: lh,
            target,
        } = it
        {
            let actions = match target {
                Link::Uri(u) => Actions::Uri(u.clone()),
                // Resolved in `mend` (the destination needs the anchor's page object).
                Link::Anchor(a) => Actions::Uri(format!("#{a}")),
            };
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect {
                        x: Pt(*x),
                        y: Pt(h - y - lh),
                        width: Pt(*w),
                        height: Pt(*lh),
                        mode: None,
                        winding_order: None,
                    },
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    None,
                ),
            });
        }
    }
    let size = Rect {
        x: Pt(0.0),
        y: Pt(0.0),
        width: Pt(p.width),
        height: Pt(h),
        mode: None,
        winding_order: None,
    };
    PdfPage {
        media_box: size.clone(),
        trim_box: size.clone(),
        crop_box: size,
        ops,
    }
}

fn utf16(s: &str) -> Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix time.
pub fn pdf_date(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Everything printpdf leaves to mend: outline, catalog entries, Info, links, /ID.
fn mend(doc: &mut lopdf::Document, layout: &Layout, meta: &PdfMeta) {
    doc.version = "1.7".to_string();
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("catalog");

    // Links to anchors: a GoTo to the anchor's page and height.
    for pid in &page_ids {
        let Ok(page) = doc.get_dictionary_mut(*pid) else {
            continue;
        };
        let Ok(Object::Array(annots)) = page.get_mut(b"Annots") else {
            continue;
        };
        // A link to an anchor that does not exist goes nowhere: drop it.
        annots.retain(|a| anchor_of(a).is_none_or(|n| layout.anchors.contains_key(&n)));
        for a in annots.iter_mut() {
            let name = anchor_of(a);
            let Object::Dictionary(d) = a else { continue };
            d.remove(b"C");
            let Ok(Object::Dictionary(act)) = d.get_mut(b"A") else {
                continue;
            };
            let Some(name) = name else { continue };
            if let Some(pos) = layout.anchors.get(&name) {
                let top = layout.pages[pos.page].height - pos.y;
                let dest = Object::Array(vec![
                    Object::Reference(page_ids[pos.page]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(top),
                    Object::Null,
                ]);
                act.remove(b"URI");
                act.set("S", Object::Name(b"GoTo".to_vec()));
                act.set("D", dest);
            }
        }
    }

    // Nested outline from the headings.
    let outline = build_outline(doc, layout, &page_ids);
    let catalog = doc.get_dictionary_mut(catalog_id).expect("catalog dict");
    catalog.remove(b"Outlines");
    let mode = if let Some(o) = outline {
        catalog.set("Outlines", Object::Reference(o));
        if meta.show_outline {
            "UseOutlines"
        } else {
            "UseNone"
        }
    } else {
        "UseNone"
    };
    catalog.set("PageMode", Object::Name(mode.as_bytes().to_vec()));
    catalog.set(
        "Lang",
        Object::String(meta.lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );

    // Info: only what is true, no empty /GTS_PDFXVersion.
    let date = Object::String(pdf_date(meta.time).into_bytes(), StringFormat::Literal);
    let mut info = Dictionary::new();
    info.set("Title", utf16(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", utf16(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", utf16(&meta.subject));
    }
    info.set("Creator", utf16("hoshin"));
    info.set("Producer", utf16("hoshin (printpdf 0.12)"));
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    let info_id = doc.add_object(info);
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    doc.trailer.set("Info", Object::Reference(info_id));

    // /ID from the content: every object as written, in order.
    let mut h1 = Fnv::new();
    let mut h2 = Fnv::with_seed(0x9E37_79B9_7F4A_7C15);
    for (id, obj) in &doc.objects {
        let mut buf = Vec::new();
        hash_object(obj, &mut buf);
        h1.write(&id.0.to_be_bytes());
        h1.write(&buf);
        h2.write(&buf);
    }
    let mut idb = h1.finish().to_be_bytes().to_vec();
    idb.extend_from_slice(&h2.finish().to_be_bytes());
    let id = Object::String(idb, StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// The anchor name of a link annotation made for [`Link::Anchor`] (a `#name` URI until
/// mended).
fn anchor_of(a: &Object) -> Option<String> {
    let Object::Dictionary(d) = a else {
        return None;
    };
    let Ok(Object::Dictionary(act)) = d.get(b"A") else {
        return None;
    };
    let Ok(Object::String(uri, _)) = act.get(b"URI") else {
        return None;
    };
    uri.strip_prefix(b"#")
        .map(|n| String::from_utf8_lossy(n).to_string())
}

/// A stable byte rendering of an object for hashing (streams by their content).
fn hash_object(o: &Object, out: &mut Vec<u8>) {
    match o {
        Object::Stream(s) => {
            out.extend_from_slice(&s.content);
            for (k, v) in s.dict.iter() {
                out.extend_from_slice(k);
                hash_object(v, out);
            }
        }
        Object::Dictionary(d) => {
            for (k, v) in d.iter() {
                out.extend_from_slice(k);
                hash_object(v, out);
            }
        }
        Object::Array(a) => a.iter().for_each(|v| hash_object(v, out)),
        Object::String(s, _) | Object::Name(s) => out.extend_from_slice(s),
        Object::Integer(i) => out.extend_from_slice(&i.to_be_bytes()),
        Object::Real(r) => out.extend_from_slice(&r.to_be_bytes()),
        Object::Reference(r) => out.extend_from_slice(&r.0.to_be_bytes()),
        Object::Boolean(b) => out.push(*b as u8),
        Object::Null => out.push(0),
    }
}

/// Outline items nested by heading level; returns the /Outlines object.
fn build_outline(
    doc: &mut lopdf::Document,
    layout: &Layout,
    page_ids: &[ObjectId],
) -> Option<ObjectId> {
    if layout.outline.is_empty() {
        return None;
    }
    // Parent of each entry: the nearest earlier entry of a lower level.
    let n = layout.outline.len();
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in layout.outline.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&j| layout.outline[j].level >= e.level)
        {
            stack.pop();
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = (0..n).map(|_| doc.new_object_id()).collect();
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..n).filter(|&i| parent[i] == p).collect() };
    // Descendant counts (all items open).
    let mut count = vec![0i64; n];
    for i in (0..n).rev() {
        if let Some(p) = parent[i] {
            count[p] += count[i] + 1;
        }
    }
    for i in 0..n {
        let e = &layout.outline[i];
        let sibs = children(parent[i]);
        let k = sibs.iter().position(|&s| s == i).unwrap();
        let mut d = Dictionary::new();
        d.set("Title", utf16(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        if k > 0 {
            d.set("Prev", Object::Reference(ids[sibs[k - 1]]));
        }
        if k + 1 < sibs.len() {
            d.set("Next", Object::Reference(ids[sibs[k + 1]]));
        }
        let kids = children(Some(i));
        if let (Some(f), Some(l)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[*f]));
            d.set("Last", Object::Reference(ids[*l]));
            d.set("Count", Object::Integer(count[i]));
        }
        let top = layout.pages[e.page].height - e.y;
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page_ids[e.page]),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ]),
        );
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", Object::Reference(ids[top[0]]));
    r.set("Last", Object::Reference(ids[*top.last().unwrap()]));
    r.set("Count", Object::Integer(n as i64));
    doc.objects.insert(root, Object::Dictionary(r));
    // printpdf's flat bookmarks (none are added, but be sure) are dropped with the old
    // /Outlines reference by the caller.
    Some(root)
}

/// Compresses every uncompressed stream with zlib level 6, on all cores.
fn compress(doc: &mut lopdf::Document) {
    let todo: Vec<(ObjectId, Vec<u8>)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if s.allows_compression && !s.dict.has(b"Filter") => {
                Some((*id, s.content.clone()))
            }
            _ => None,
        })
        .collect();
    let done: Vec<(ObjectId, Vec<u8>)> = todo
        .into_par_iter()
        .map(|(id, raw)| {
            let mut e = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(raw.len() / 3),
                flate2::Compression::new(6),
            );
            e.write_all(&raw).expect("memory");
            (id, e.finish().expect("memory"))
        })
        .collect();
    for (id, z) in done {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(z);
        }
    }
}

/// FNV-1a, 64-bit: a stable hash (std's hasher may change between Rust versions).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn with_seed(s: u64) -> Self {
        Fnv(0xcbf2_9ce4_8422_2325 ^ s)
    }
    fn write(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
    }
}
