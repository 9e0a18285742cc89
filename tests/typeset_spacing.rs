//! JLReq spacing measured in the PDF: half-em compression of adjacent punctuation,
//! quarter-em between Japanese and Western text, a third of an em for word spaces.

#[path = "common/pdftext.rs"]
mod pdftext;

use hoshin::fonts::FontSet;
use hoshin::pdf::{PdfMeta, PdfWriter};
use hoshin::typeset::*;
use pdftext::*;

const SIZE: f32 = 10.5;

/// Sets each text as its own left-aligned, unindented line and returns the width of
/// each line as pdftotext measures it.
fn widths(texts: &[&str]) -> Vec<(String, f32)> {
    let fonts = FontSet::default();
    let mut t = PageTemplate::a4();
    t.running_head = false;
    t.folio = None;
    let ts = Typesetter::new(&fonts, Style::default(), vec![t]);
    let mut doc = Document::new();
    for s in texts {
        doc.push(Block::Paragraph(Paragraph {
            content: vec![Span::text(*s)],
            align: Align::Left,
            indent_em: 0.0,
            size: Some(SIZE),
        }));
    }
    let bytes = PdfWriter::new(&fonts)
        .unwrap()
        .write(&ts.layout(&doc), &PdfMeta::default())
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("typeset-spacing");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("spacing.pdf");
    std::fs::write(&path, bytes).unwrap();
    let ls = lines(&bbox_words(&path), 8.0);
    assert_eq!(ls.len(), texts.len(), "{ls:?}");
    ls.into_iter()
        .map(|l| (l.text.clone(), l.x1 - l.x0))
        .collect()
}

fn assert_em(got: f32, em: f32, what: &str) {
    assert!(
        (got - em * SIZE).abs() < 0.05,
        "{what}: {got:.3} pt, wanted {:.3} pt ({em} em)",
        em * SIZE
    );
}

#[test]
fn adjacent_punctuation_is_set_close() {
    let w = widths(&[
        "あいうえ",
        "あ。」い",
        "あ、「い",
        "あ「「い",
        "あ」」い",
        "あ」「い",
        "あ）。い",
    ]);
    assert_em(w[0].1, 4.0, "four full-width kana");
    // 。」 」」 「「 ）。 lose a half-em; 、「 and 」「 keep one half-em of their two.
    for (i, what) in [
        (1, "。」"),
        (2, "、「"),
        (3, "「「"),
        (4, "」」"),
        (5, "」「"),
        (6, "）。"),
    ] {
        assert_em(w[i].1, 3.5, what);
    }
}

#[test]
fn quarter_em_between_japanese_and_western() {
    let m = Metrics::new(&FontSet::default());
    let adv = |s: &str| {
        s.chars()
            .map(|c| m.body.glyph(c).unwrap().1 as f32 / 1000.0)
            .sum::<f32>()
    };
    let w = widths(&["本市はISMSを", "「ISMS」を", "第1章", "Open Data"]);
    // 本市は␣ISMS␣を: two quarter-ems.
    assert_em(
        w[0].1,
        adv("本市はISMSを") + 0.5,
        "ISMS between kanji and kana",
    );
    // No quarter-em where a bracket stands between.
    assert_em(w[1].1, adv("「ISMS」を"), "ISMS in brackets");
    assert_em(w[2].1, adv("第1章") + 0.5, "a digit between kanji");
    // A word space is a third of an em (pdftotext splits the words there).
    assert_em(w[3].1, adv("OpenData") + 1.0 / 3.0, "word space");
}

#[test]
fn a_typed_full_width_space_does_not_double_the_indent() {
    let fonts = FontSet::default();
    let ts = Typesetter::new(&fonts, Style::default(), vec![PageTemplate::a4()]);
    let mut doc = Document::new();
    doc.push(Block::para("\u{3000}本市の方針です。"));
    doc.push(Block::para("本市の方針です。"));
    let bytes = PdfWriter::new(&fonts)
        .unwrap()
        .write(&ts.layout(&doc), &PdfMeta::default())
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("typeset-spacing");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("indent.pdf");
    std::fs::write(&path, bytes).unwrap();
    let ls: Vec<TextLine> = lines(&bbox_words(&path), 8.0)
        .into_iter()
        .filter(|l| l.text.contains("本市"))
        .collect();
    assert_eq!(ls.len(), 2);
    assert!(
        (ls[0].x0 - ls[1].x0).abs() < 0.01,
        "{} vs {}",
        ls[0].x0,
        ls[1].x0
    );
    assert!(
        (ls[1].x0 - PageTemplate::a4().body()[0] - SIZE).abs() < 0.05,
        "one em in"
    );
}
