//! Read a PDF from the outside with poppler's tools: words and lines with positions
//! (`pdftotext -bbox-layout`), plain text, `pdffonts`, `qpdf --check`.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// A word as `pdftotext -bbox-layout` reports it (points, y down).
#[derive(Debug, Clone)]
pub struct Word {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

/// One page of words.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub width: f32,
    pub height: f32,
    pub words: Vec<Word>,
}

/// A visual line: words sharing a baseline, left to right.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub page: usize,
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    pub text: String,
    pub words: Vec<Word>,
}

fn attr(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let i = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let j = tag[i..].find('"').unwrap() + i;
    tag[i..j].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Runs `pdftotext -bbox-layout` on `pdf` and parses pages and words.
pub fn bbox_words(pdf: &Path) -> Vec<TextPage> {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = String::from_utf8(out.stdout).expect("utf-8");
    let mut pages = Vec::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<page ") {
        let end = rest[i..]
            .find("</page>")
            .map(|e| e + i)
            .unwrap_or(rest.len());
        let body = &rest[i..end];
        let tag_end = body.find('>').unwrap();
        let ptag = &body[..tag_end];
        let mut words = Vec::new();
        let mut w = body;
        while let Some(k) = w.find("<word ") {
            let te = w[k..].find('>').unwrap() + k;
            let tag = &w[k..te];
            let ce = w[te..].find("</word>").unwrap() + te;
            words.push(Word {
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: unescape(&w[te + 1..ce]),
            });
            w = &w[ce..];
        }
        pages.push(TextPage {
            width: attr(ptag, "width"),
            height: attr(ptag, "height"),
            words,
        });
        rest = &rest[end..];
    }
    pages
}

/// Groups the words of every page into visual lines (same baseline within 1.5 pt),
/// top to bottom, then split at horizontal gaps wider than `gap` points (columns,
/// table cells).
pub fn lines(pages: &[TextPage], gap: f32) -> Vec<TextLine> {
    let mut out = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        let mut ws = p.words.clone();
        ws.sort_by(|a, b| {
            (a.y1.round(), a.x0)
                .partial_cmp(&(b.y1.round(), b.x0))
                .unwrap()
        });
        let mut rows: Vec<Vec<Word>> = Vec::new();
        for w in ws {
            match rows.last_mut() {
                Some(r) if (r[0].y1 - w.y1).abs() < 1.5 => r.push(w),
                _ => rows.push(vec![w]),
            }
        }
        for mut r in rows {
            r.sort_by(|a, b| a.x0.partial_cmp(&b.x0).unwrap());
            let mut cur: Option<TextLine> = None;
            for w in r {
                match cur.as_mut() {
                    Some(c) if w.x0 - c.x1 <= gap => {
                        c.x1 = c.x1.max(w.x1);
                        c.y0 = c.y0.min(w.y0);
                        c.y1 = c.y1.max(w.y1);
                        c.text.push_str(&w.text);
                        c.words.push(w);
                    }
                    _ => {
                        if let Some(c) = cur.take() {
                            out.push(c);
                        }
                        cur = Some(TextLine {
                            page: pi,
                            x0: w.x0,
                            x1: w.x1,
                            y0: w.y0,
                            y1: w.y1,
                            text: w.text.clone(),
                            words: vec![w],
                        });
                    }
                }
            }
            if let Some(c) = cur {
                out.push(c);
            }
        }
    }
    out
}

/// `pdftotext -raw`: the text in the order it was drawn (poppler's own reading order
/// mixes the columns of boxes, and regroups vertical lines); pages end in a form feed.
pub fn raw_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `pdftotext` plain text of the whole file.
pub fn plain_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Rows of `pdffonts`: (name, type, emb, sub, uni).
pub fn fonts(pdf: &Path) -> Vec<(String, String, String, String, String)> {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts runs");
    let s = String::from_utf8_lossy(&out.stdout).to_string();
    s.lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // name type... encoding emb sub uni object ID
            let n = f.len();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[n - 5].to_string(),
                f[n - 4].to_string(),
                f[n - 3].to_string(),
            )
        })
        .collect()
}

/// `qpdf --check`: (success, output). None when qpdf is not installed.
pub fn qpdf_check(pdf: &Path) -> Option<(bool, String)> {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    Some((out.status.success(), text))
}

/// Text without any whitespace.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// 行頭禁則 characters (from shared/reference/japanese-layout.md).
pub fn no_start(c: char) -> bool {
    "’”）〕］｝〉》」』】｠〙〗»〟)]}‐〜゠–！？‼⁇⁈⁉!?・：；。．、，ヽヾゝゞ々〻ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
        .contains(c)
        || ('\u{31F0}'..='\u{31FF}').contains(&c)
}

/// 行末禁則 characters.
pub fn no_end(c: char) -> bool {
    "‘“（〔［｛〈《「『【｟〘〖«〝([{".contains(c)
}

/// Characters whose frame ends in a half-em of space that may be cut at a line end.
pub fn closing(c: char) -> bool {
    "、。，．）」』】〕］｝〉》".contains(c)
}

/// Does a break between `a` (end of a line) and `b` (start of the next) split a number,
/// a Latin word or a doubled dash/leader?
pub fn splits(a: char, b: char) -> bool {
    (a.is_ascii_digit() && (b.is_ascii_digit() || ",.%％".contains(b)))
        || (",.".contains(a) && b.is_ascii_digit())
        || (a.is_ascii_alphabetic() && b.is_ascii_alphabetic())
        || (a == b && "―—…‥".contains(a))
        || ("△▲￥＃№".contains(a) && (b.is_ascii_digit() || ('０'..='９').contains(&b)))
}
