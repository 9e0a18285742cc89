//! Japanese composition checked from the PDF itself (poppler's pdftotext, pdffonts,
//! qpdf), not from layout internals.

#[path = "common/pdftext.rs"]
mod pdftext;
#[path = "common/stress.rs"]
mod stress;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hoshin::fonts::FontSet;
use hoshin::pdf::{PdfMeta, PdfWriter};
use hoshin::typeset::*;
use pdftext::*;
use stress::{stress, Stress};

const TIME: i64 = 1_735_689_600; // 2025-01-01

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(FontSet::default)
}

fn writer() -> &'static PdfWriter {
    static W: OnceLock<PdfWriter> = OnceLock::new();
    W.get_or_init(|| PdfWriter::new(fonts()).unwrap())
}

fn typesetter() -> &'static Typesetter {
    static T: OnceLock<Typesetter> = OnceLock::new();
    T.get_or_init(|| Typesetter::new(fonts(), Style::default(), vec![PageTemplate::a4()]))
}

fn meta(title: &str) -> PdfMeta {
    PdfMeta {
        title: title.into(),
        author: "試験市".into(),
        time: TIME,
        ..Default::default()
    }
}

/// The stress PDF, built once per test process, and where it was written.
fn stress_pdf() -> &'static (Stress, Layout, Vec<u8>, PathBuf) {
    static S: OnceLock<(Stress, Layout, Vec<u8>, PathBuf)> = OnceLock::new();
    S.get_or_init(|| {
        let s = stress();
        let layout = typesetter().layout(&s.doc);
        let bytes = writer().write(&layout, &meta("組版試験")).unwrap();
        // The child process of the cross-process test writes elsewhere, so that it
        // never rewrites the file this process is reading.
        let sub = if std::env::var("HOSHIN_OUT").is_ok() {
            "typeset-pdf-child"
        } else {
            "typeset-pdf"
        };
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("stress.pdf");
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(p) = std::env::var("HOSHIN_STRESS_PDF") {
            std::fs::write(p, &bytes).unwrap();
        }
        (s, layout, bytes, path)
    })
}

fn body_rect() -> [f32; 4] {
    PageTemplate::a4().body()
}

/// Visual lines inside the text area (running heads and folios excluded).
fn body_lines(path: &Path) -> Vec<TextLine> {
    let b = body_rect();
    lines(&bbox_words(path), 8.0)
        .into_iter()
        .filter(|l| l.y1 > b[1] && l.y0 < b[1] + b[3])
        .collect()
}

/// For each known paragraph, the run of body lines that spells it, in order.
fn chains(lines: &[TextLine], paragraphs: &[String]) -> Vec<Vec<TextLine>> {
    let texts: Vec<String> = lines.iter().map(|l| squash(&l.text)).collect();
    let mut out = Vec::new();
    let mut from = 0;
    for p in paragraphs {
        let p = squash(p);
        let mut found = None;
        'start: for i in from..lines.len() {
            // A list item's first line carries its marker.
            for k in 0..5 {
                let t: String = texts[i].chars().skip(k).collect();
                if t.chars().count() >= 4 && p.starts_with(&t) {
                    let mut got = t;
                    let mut chain = vec![lines[i].clone()];
                    let mut j = i + 1;
                    while got != p && j < lines.len() {
                        let u = &texts[j];
                        if !u.is_empty() && p.starts_with(&(got.clone() + u)) {
                            got += u;
                            chain.push(lines[j].clone());
                        } else {
                            break;
                        }
                        j += 1;
                    }
                    if got == p {
                        found = Some((chain, j));
                        break 'start;
                    }
                }
            }
        }
        let (chain, next) = found.unwrap_or_else(|| panic!("paragraph not found in the PDF: {p}"));
        from = next;
        out.push(chain);
    }
    out
}

#[test]
fn no_line_starts_or_ends_against_kinsoku() {
    let (_, _, _, path) = stress_pdf();
    let mut bad = Vec::new();
    for l in body_lines(path) {
        let first = l.text.chars().next().unwrap();
        let last = l.text.chars().last().unwrap();
        if no_start(first) || no_end(last) {
            bad.push(format!("p{} {}", l.page + 1, l.text));
        }
    }
    assert!(
        bad.is_empty(),
        "{} bad lines:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn never_split_sequences_stay_on_one_line() {
    let (s, _, _, path) = stress_pdf();
    let lines = body_lines(path);
    let mut bad = Vec::new();
    for chain in chains(&lines, &s.paragraphs) {
        for w in chain.windows(2) {
            let a = w[0].text.chars().last().unwrap();
            let b = w[1].text.chars().next().unwrap();
            if splits(a, b) {
                bad.push(format!("{} / {}", w[0].text, w[1].text));
            }
        }
    }
    assert!(bad.is_empty(), "split across lines:\n{}", bad.join("\n"));
}

#[test]
fn justified_lines_end_at_the_right_margin() {
    let (s, _, _, path) = stress_pdf();
    let b = body_rect();
    let right = b[0] + b[2];
    let lines = body_lines(path);
    let chains = chains(&lines, &s.paragraphs);
    assert_eq!(chains.len(), s.paragraphs.len());
    let mut checked = 0;
    let mut bad = Vec::new();
    for chain in &chains {
        for l in &chain[..chain.len() - 1] {
            let last = l.text.chars().last().unwrap();
            let em = 10.5;
            let ok = (l.x1 - right).abs() <= 0.5
                || (closing(last) && (l.x1 - em / 2.0 - right).abs() <= 0.5);
            if !ok {
                bad.push(format!(
                    "p{} ends at {:.2} (margin {:.2}): {}",
                    l.page + 1,
                    l.x1,
                    right,
                    l.text
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} lines checked");
    assert!(
        bad.is_empty(),
        "{} of {checked} lines not justified:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn no_glyph_outside_the_text_area() {
    let (s, _, _, path) = stress_pdf();
    let b = body_rect();
    let pages = bbox_words(path);
    let mut bad = Vec::new();
    for l in lines(&pages, 8.0) {
        let t = squash(&l.text);
        let in_head = l.y1 <= b[1];
        let in_foot = l.y0 >= b[1] + b[3];
        if in_head {
            assert!(
                s.heads.iter().any(|h| squash(h) == t),
                "stray text above the text area: {t}"
            );
            continue;
        }
        if in_foot {
            assert!(
                t.starts_with('－') && t.ends_with('－'),
                "stray text below the text area: {t}"
            );
            continue;
        }
        let last = l.text.chars().last().unwrap();
        let overhang = if closing(last) { 10.5 / 2.0 } else { 0.0 };
        if l.x0 < b[0] - 0.5 || l.x1 > b[0] + b[2] + overhang + 0.5 || l.y1 > b[1] + b[3] + 0.5 {
            bad.push(format!(
                "p{} [{:.1},{:.1}] {}",
                l.page + 1,
                l.x0,
                l.x1,
                l.text
            ));
        }
    }
    assert!(bad.is_empty(), "outside:\n{}", bad.join("\n"));
}

#[test]
fn continued_table_repeats_its_header() {
    let (s, _, _, path) = stress_pdf();
    let pages = bbox_words(path);
    let mut table_pages = 0;
    for (pi, p) in pages.iter().enumerate() {
        let ids: Vec<&Word> = p
            .words
            .iter()
            .filter(|w| s.row_ids.iter().any(|id| w.text.starts_with(id.as_str())))
            .collect();
        if ids.is_empty() {
            continue;
        }
        table_pages += 1;
        let first_row = ids.iter().map(|w| w.y0).fold(f32::INFINITY, f32::min);
        for h in &s.table_header {
            let above = p
                .words
                .iter()
                .any(|w| squash(&w.text).contains(&squash(h)) && w.y1 <= first_row);
            assert!(
                above,
                "page {}: header {h} missing above the first row",
                pi + 1
            );
        }
    }
    assert!(
        table_pages >= 2,
        "the table should span pages, spans {table_pages}"
    );
}

#[test]
fn extracted_text_equals_the_input() {
    let (s, _, _, path) = stress_pdf();
    let text = plain_text(path);
    assert!(!text.contains('\u{FFFD}'), "U+FFFD in extracted text");
    let all = squash(&text);
    // Every paragraph reads back exactly (whitespace aside: pdftotext breaks lines and
    // turns wide gaps into spaces), in order.
    let lines = body_lines(path);
    let chains = chains(&lines, &s.paragraphs);
    for (p, chain) in s.paragraphs.iter().zip(&chains) {
        let got: String = chain.iter().map(|l| squash(&l.text)).collect();
        let want = squash(p);
        assert!(got.ends_with(&want), "read back:\n{got}\nwanted:\n{want}");
        let head: String = want.chars().take(30).collect();
        assert!(all.contains(&head));
    }
    for id in &s.row_ids {
        assert!(all.contains(id.as_str()), "{id} missing");
    }
}

#[test]
fn fonts_are_embedded_subset_with_unicode_maps() {
    let (_, _, _, path) = stress_pdf();
    let f = pdftext::fonts(path);
    assert_eq!(f.len(), 2, "{f:?}");
    for (name, _, emb, sub, uni) in &f {
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name}"
        );
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "subset tag in {name}"
        );
    }
}

#[test]
fn qpdf_finds_no_errors() {
    let (_, _, _, path) = stress_pdf();
    match qpdf_check(path) {
        Some((ok, out)) => {
            assert!(ok, "{out}");
            assert!(!out.contains("WARNING"), "{out}");
        }
        None => eprintln!("qpdf not installed: skipped"),
    }
}

#[test]
fn document_structure() {
    let (_, layout, bytes, _) = stress_pdf();
    assert!(bytes.starts_with(b"%PDF-1.7"), "header");
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let cat = doc.catalog().unwrap();
    assert_eq!(cat.get(b"Lang").unwrap().as_str().unwrap(), b"ja");
    assert_eq!(
        cat.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert!(info.get(b"GTS_PDFXVersion").is_err());
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20250101000000Z"
    );
    // Outline: chapters with sections under them.
    let outlines = doc
        .get_dictionary(cat.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let first = doc
        .get_dictionary(outlines.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    let title = first.get(b"Title").unwrap().as_str().unwrap();
    let title: Vec<u16> = title[2..]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    assert_eq!(String::from_utf16(&title).unwrap(), "第1章 組版の試験");
    let child = doc
        .get_dictionary(first.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    assert!(
        child.get(b"Dest").is_ok(),
        "nested outline item has a destination"
    );
    assert_eq!(layout.outline.iter().filter(|e| e.level == 1).count(), 2);
}

/// Link annotations of every page.
fn links(doc: &lopdf::Document) -> Vec<lopdf::Dictionary> {
    let mut out = Vec::new();
    for pid in doc.get_pages().values() {
        let page = doc.get_dictionary(*pid).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let d = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
                lopdf::Object::Dictionary(d) => d.clone(),
                _ => continue,
            };
            if d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link") {
                out.push(d);
            }
        }
    }
    out
}

#[test]
fn builds_are_byte_identical_in_any_order() {
    let small = {
        let mut d = Document::new();
        d.push(Block::heading(1, "別の文書"))
            .push(Block::para("短い本文です。ISMSとPDF。"));
        d
    };
    let s = stress();
    let a = |d: &Document| {
        writer()
            .write(&typesetter().layout(d), &meta("組版試験"))
            .unwrap()
    };
    let a1 = a(&s.doc);
    let b1 = a(&small);
    let b2 = a(&small);
    // A fresh writer too: nothing may depend on what was parsed before.
    let w2 = PdfWriter::new(fonts()).unwrap();
    let a2 = w2
        .write(&typesetter().layout(&s.doc), &meta("組版試験"))
        .unwrap();
    assert!(a1 == a2, "stress document differs between builds");
    assert!(b1 == b2, "small document differs between builds");
    assert_eq!(&a1, &stress_pdf().2);
}

/// Writes the stress PDF where `HOSHIN_OUT` says; run by `builds_are_identical_across_processes`.
#[test]
fn write_stress_for_subprocess() {
    if let Ok(out) = std::env::var("HOSHIN_OUT") {
        std::fs::write(out, &stress_pdf().2).unwrap();
    }
}

#[test]
fn builds_are_identical_across_processes() {
    if std::env::var("HOSHIN_OUT").is_ok() {
        return;
    }
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("typeset-sub-{}.pdf", std::process::id()));
    let st = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "write_stress_for_subprocess", "--test-threads=1"])
        .env("HOSHIN_OUT", &out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stdout)
    );
    let other = std::fs::read(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    assert!(
        other == stress_pdf().2,
        "another process wrote different bytes"
    );
}

#[test]
fn table_of_contents_in_two_passes() {
    let ts = typesetter();
    let body = |toc: Vec<(u8, &str, &str, String)>| {
        let mut d = Document::new();
        d.push(Block::heading(1, "目次"));
        for (lvl, text, anchor, page) in toc {
            d.push(Block::Toc(TocEntry {
                level: lvl,
                text: text.into(),
                page,
                target: Some(anchor.into()),
            }));
        }
        d.push(Block::spans(vec![
            Span::text("詳しくは"),
            Span::text("第2章").with_link(Link::Anchor("b".into())),
            Span::text("と"),
            Span::text("市のサイト").with_link(Link::Uri("https://example.jp/".into())),
            Span::text("を参照。"),
            Span::text("（未定義）").with_link(Link::Anchor("nowhere".into())),
        ]));
        d.push(Block::PageBreak(None));
        for (i, (a, t)) in [("a", "第1章 総務部"), ("b", "第2章 企画部")]
            .iter()
            .enumerate()
        {
            d.push(Block::heading_anchored(1, *t, *a));
            for k in 0..12 {
                d.push(Block::para(stress::paragraph((i * 100 + k) as u64, 10)));
            }
        }
        d
    };
    let entries = [(1u8, "第1章 総務部", "a"), (1, "第2章 企画部", "b")];
    let first = ts.layout(&body(
        entries
            .iter()
            .map(|(l, t, a)| (*l, *t, *a, "0".to_string()))
            .collect(),
    ));
    let filled: Vec<_> = entries
        .iter()
        .map(|(l, t, a)| (*l, *t, *a, first.page_of(a).unwrap().to_string()))
        .collect();
    let second = ts.layout(&body(filled.clone()));
    assert_eq!(
        first.anchors, second.anchors,
        "page numbers are stable between passes"
    );
    assert_eq!(second.page_of("a"), Some(2));
    assert!(second.page_of("b").unwrap() > 2);
    let bytes = writer().write(&second, &meta("目次")).unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("typeset-toc");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("toc.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let pages = bbox_words(&path);
    let p1: String = pages[0].words.iter().map(|w| w.text.clone()).collect();
    assert!(
        p1.contains(&format!("企画部{}", filled[1].3))
            || p1.ends_with(&filled[1].3)
            || p1.contains(&filled[1].3)
    );
    // The entries link to the chapters.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let links = links(&doc);
    // Two TOC entries (one line each), a cross-reference and a web link; the link to an
    // anchor that does not exist is dropped.
    assert_eq!(links.len(), 4, "{links:?}");
    let mut uris = 0;
    for l in &links {
        // No visible border; a GoTo to a page of this document, or a URI.
        let border = l.get(b"Border").unwrap().as_array().unwrap();
        assert!(
            border.iter().all(|v| v.as_float().unwrap() == 0.0),
            "{border:?}"
        );
        let action = l.get(b"A").unwrap().as_dict().unwrap();
        match action.get(b"S").unwrap().as_name().unwrap() {
            b"GoTo" => {
                let dest = action.get(b"D").unwrap().as_array().unwrap();
                assert!(doc
                    .get_pages()
                    .values()
                    .any(|p| dest[0].as_reference().unwrap() == *p));
            }
            b"URI" => {
                assert_eq!(
                    action.get(b"URI").unwrap().as_str().unwrap(),
                    b"https://example.jp/"
                );
                uris += 1;
            }
            other => panic!("unexpected action {other:?}"),
        }
    }
    assert_eq!(uris, 1);
}
