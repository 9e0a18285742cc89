//! The samples' newsletter in 縦組み (`[newsletter] writing = "vertical"`), read back
//! from the PDF the binary wrote: its text with poppler, its fonts and glyphs with
//! lopdf and ttf-parser.

mod common;
#[path = "common/pdftext.rs"]
mod pdftext;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::Publication;
use pdftext::*;

/// The samples with `writing = "vertical"`, built once: (input, output).
fn built() -> &'static (tempfile::TempDir, tempfile::TempDir) {
    static B: OnceLock<(tempfile::TempDir, tempfile::TempDir)> = OnceLock::new();
    B.get_or_init(|| {
        let input = tempfile::tempdir().unwrap();
        common::copy_dir(&common::samples(), input.path());
        let toml = input.path().join("hoshin.toml");
        let mut t = std::fs::read_to_string(&toml).unwrap();
        t.push_str("\n[newsletter]\nwriting = \"vertical\"\n");
        std::fs::write(&toml, t).unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = common::hoshin()
            .args(["build", "--only", "newsletter", "-q", "-o"])
            .arg(out.path())
            .arg(input.path())
            .env("SOURCE_DATE_EPOCH", "1049155200")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (input, out)
    })
}

fn pdf() -> PathBuf {
    built().1.path().join("newsletter.pdf")
}

fn publication() -> Publication {
    let dir = built().0.path();
    let (config, _) = Config::load(None, Some(dir)).unwrap();
    let outcome = check_dir(dir, &config, &FontSet::default().coverage()).unwrap();
    outcome.publication(&config).unwrap()
}

/// `pdftotext -raw` (the order the text was drawn), without whitespace.
fn raw() -> String {
    squash(&raw_text(&pdf()))
}

#[test]
fn one_page_with_vertical_fonts() {
    let pages = bbox_words(&pdf());
    assert_eq!(pages.len(), 1, "the samples fit one tabloid page");
    let f = fonts(&pdf());
    let encodings: Vec<String> = {
        let out = std::process::Command::new("pdffonts")
            .arg(pdf())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().nth(3).unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(f.len(), 4, "{f:?}");
    assert_eq!(
        encodings.iter().filter(|e| *e == "Identity-V").count(),
        2,
        "{encodings:?}"
    );
    for (name, _, emb, sub, uni) in f {
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name}"
        );
    }
    let (ok, text) = qpdf_check(&pdf()).expect("qpdf");
    assert!(ok, "{text}");
}

#[test]
fn every_department_is_whole_in_reading_order() {
    // (A bullet's marker is drawn after its first line: compare without markers.)
    let text = raw().replace('●', "");
    let p = publication();
    let mut at = 0;
    for d in &p.departments {
        let mut parts = vec![format!("◆{}", d.name), d.headline.clone()];
        parts.extend(d.mission.iter().map(|m| m.text.clone()));
        for part in parts {
            let want = squash(&part);
            let i = text[at..]
                .find(&want)
                .unwrap_or_else(|| panic!("「{want}」 not whole, or not after what precedes it"));
            at += i + want.len();
        }
    }
    // The lead reads whole too.
    assert!(text.contains("市ではこのほど、平成15年度の「各部の運営方針と目標」をまとめました。"));
}

/// Vertical lines: poppler's words not much wider than tall (a letter-spaced line
/// comes as one word per character), grouped by column, top to bottom, a line cut
/// where a gap is wider than an em; single characters alone left out (horizontal
/// text has them too).
fn vertical_lines() -> Vec<(f32, f32, f32, String)> {
    let mut words: Vec<Word> = Vec::new();
    for p in bbox_words(&pdf()) {
        words.extend(
            p.words
                .into_iter()
                .filter(|w| w.y1 - w.y0 >= 0.75 * (w.x1 - w.x0)),
        );
    }
    // Columns: centres within 5 pt (poppler puts a 縦中横 pair half an em off the
    // centre it gives the upright glyphs; lines are 13.6 pt apart).
    let centre = |w: &Word| (w.x0 + w.x1) / 2.0;
    words.sort_by(|a, b| centre(a).total_cmp(&centre(b)));
    let mut by_col: Vec<(f32, Vec<Word>)> = Vec::new();
    for w in words {
        match by_col.last_mut() {
            Some((c, ws)) if centre(&w) - *c <= 5.0 => ws.push(w),
            _ => by_col.push((centre(&w), vec![w])),
        }
    }
    let mut out = Vec::new();
    for (_, mut ws) in by_col {
        ws.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        let mut cur: Option<(f32, f32, f32, String)> = None;
        for w in ws {
            let em = (w.x1 - w.x0).min(w.y1 - w.y0);
            match &mut cur {
                Some((_, _, y1, t)) if w.y0 - *y1 <= 1.5 * em => {
                    t.push_str(&w.text);
                    *y1 = w.y1;
                }
                _ => {
                    out.extend(cur.take());
                    cur = Some(((w.x0 + w.x1) / 2.0, w.y0, w.y1, w.text.clone()));
                }
            }
        }
        out.extend(cur);
    }
    out.retain(|l| l.3.chars().count() > 1);
    out
}

#[test]
fn no_vertical_line_breaks_against_kinsoku() {
    let lines = vertical_lines();
    assert!(lines.len() > 100, "{}", lines.len());
    let bad: Vec<&str> = lines
        .iter()
        .filter(|l| no_start(l.3.chars().next().unwrap()) || no_end(l.3.chars().last().unwrap()))
        .map(|l| l.3.as_str())
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // Justified as in horizontal text: in each box, the lines of a bullet but its last
    // end at one bottom edge (a closing mark may give up its blank half).
    let p = publication();
    let mut checked = 0;
    for d in &p.departments {
        let mut body = Vec::new();
        for m in &d.mission {
            let want = squash(&m.text);
            let Some(first) = lines
                .iter()
                .position(|l| l.3.chars().count() > 5 && want.starts_with(&l.3.replace('●', "")))
            else {
                panic!("no line starts 「{}」", m.text)
            };
            // The following lines: to the left, each continuing the text.
            let mut got = lines[first].3.replace('●', "");
            let mut chain = vec![&lines[first]];
            while got.len() < want.len() {
                let cur = chain.last().unwrap();
                let next = lines
                    .iter()
                    .filter(|l| {
                        l.0 < cur.0 - 1.0
                            && l.0 > cur.0 - 30.0
                            && want[got.len()..].starts_with(l.3.as_str())
                    })
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .unwrap_or_else(|| panic!("「{}」 breaks off after 「{got}」", m.text));
                got += &next.3;
                chain.push(next);
            }
            body.extend(chain[..chain.len() - 1].iter().copied());
        }
        // The box's bottom edge: where lines not ending in closing punctuation end.
        let bottom = body
            .iter()
            .filter(|l| !closing(l.3.chars().last().unwrap()))
            .map(|l| l.2)
            .fold(0.0, f32::max);
        for l in &body {
            checked += 1;
            let half = if closing(l.3.chars().last().unwrap()) {
                4.25
            } else {
                0.0
            };
            let off = (l.2 - bottom).abs();
            assert!(
                off <= 0.6 || (off - half).abs() <= 0.6,
                "ends at {} not {bottom}: {}",
                l.2,
                l.3
            );
        }
    }
    assert!(checked >= 20, "{checked}");
}

/// A font's ToUnicode map: code → text.
fn to_unicode(doc: &lopdf::Document, font: &lopdf::Dictionary) -> BTreeMap<u16, String> {
    let id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
    let s = doc.get_object(id).unwrap().as_stream().unwrap();
    let data = s
        .decompressed_content()
        .unwrap_or_else(|_| s.content.clone());
    let text = String::from_utf8_lossy(&data).to_string();
    let mut map = BTreeMap::new();
    let hex = |h: &str| -> Vec<u16> {
        (0..h.len() / 4)
            .map(|i| u16::from_str_radix(&h[4 * i..4 * i + 4], 16).unwrap())
            .collect()
    };
    let mut in_char = false;
    let mut in_range = false;
    for line in text.lines() {
        let l = line.trim();
        if l.ends_with("beginbfchar") {
            in_char = true;
        } else if l.ends_with("beginbfrange") {
            in_range = true;
        } else if l == "endbfchar" {
            in_char = false;
        } else if l == "endbfrange" {
            in_range = false;
        } else if in_char || in_range {
            let parts: Vec<&str> = l
                .split(['<', '>'])
                .filter(|x| !x.trim().is_empty())
                .collect();
            if in_char && parts.len() >= 2 {
                let u = String::from_utf16(&hex(parts[1])).unwrap();
                map.insert(hex(parts[0])[0], u);
            } else if in_range && parts.len() >= 3 {
                let (a, b) = (hex(parts[0])[0], hex(parts[1])[0]);
                let u0 = hex(parts[2]);
                for (k, c) in (a..=b).enumerate() {
                    let mut u = u0.clone();
                    *u.last_mut().unwrap() += k as u16;
                    map.insert(c, String::from_utf16(&u).unwrap());
                }
            }
        }
    }
    map
}

/// What the page draws: (vertical font?, text matrix, font program, codes, text) per
/// text-showing operator.
struct Shown {
    vertical: bool,
    matrix: [f32; 6],
    font: String,
    codes: Vec<u16>,
    text: String,
}

fn shown() -> (lopdf::Document, Vec<Shown>) {
    let doc = lopdf::Document::load(pdf()).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let fonts = doc.get_page_fonts(page).unwrap();
    let mut info: BTreeMap<Vec<u8>, (bool, String, BTreeMap<u16, String>)> = BTreeMap::new();
    for (name, f) in &fonts {
        let vertical = f.get(b"Encoding").unwrap().as_name().unwrap() == b"Identity-V";
        let base =
            String::from_utf8_lossy(f.get(b"BaseFont").unwrap().as_name().unwrap()).to_string();
        info.insert(name.clone(), (vertical, base, to_unicode(&doc, f)));
    }
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let mut out = Vec::new();
    let mut font: Option<Vec<u8>> = None;
    let mut matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let num = |o: &lopdf::Object| o.as_float().unwrap();
    for op in content.operations {
        match op.operator.as_str() {
            "Tf" => font = Some(op.operands[0].as_name().unwrap().to_vec()),
            "Tm" => {
                for (k, o) in op.operands.iter().enumerate() {
                    matrix[k] = num(o);
                }
            }
            "Td" => {
                matrix[4] += num(&op.operands[0]);
                matrix[5] += num(&op.operands[1]);
            }
            "BT" => matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            "TJ" | "Tj" => {
                let (vertical, base, map) = &info[font.as_ref().unwrap()];
                let mut codes = Vec::new();
                let items = match &op.operands[0] {
                    lopdf::Object::Array(a) => a.clone(),
                    o => vec![o.clone()],
                };
                for it in items {
                    if let lopdf::Object::String(b, _) = it {
                        codes.extend(b.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])));
                    }
                }
                let text = codes
                    .iter()
                    .map(|c| map.get(c).cloned().unwrap_or_default())
                    .collect();
                out.push(Shown {
                    vertical: *vertical,
                    matrix,
                    font: base.clone(),
                    codes,
                    text,
                });
            }
            _ => {}
        }
    }
    (doc, out)
}

/// The embedded program of the font `base` (a subset; CIDToGIDMap /Identity).
fn program(doc: &lopdf::Document, base: &str) -> Vec<u8> {
    for o in doc.objects.values() {
        if let Ok(d) = o.as_dict() {
            if d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor")
                && d.get(b"FontName").and_then(|t| t.as_name()).ok() == Some(base.as_bytes())
            {
                let id = d.get(b"FontFile2").unwrap().as_reference().unwrap();
                let s = doc.get_object(id).unwrap().as_stream().unwrap();
                return s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
            }
        }
    }
    panic!("no program for {base}")
}

#[test]
fn characters_with_a_vertical_form_are_drawn_with_it() {
    let (doc, shown) = shown();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    // Characters IPAex gives vertical forms (its `vert` feature): the marks that
    // rotate or move to the top right, and the small kana.
    let forms: Vec<char> =
        "、。「」『』（）〈〉《》【】〔〕ー～…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
            .chars()
            .collect();
    let mut seen: BTreeMap<char, usize> = BTreeMap::new();
    for s in shown.iter().filter(|s| s.vertical) {
        let file = if s.font.contains("Gothic") {
            "ipaexg.ttf"
        } else {
            "ipaexm.ttf"
        };
        let orig = std::fs::read(root.join(file)).unwrap();
        let face = ttf_parser::Face::parse(&orig, 0).unwrap();
        let prog = program(&doc, &s.font);
        let sub = ttf_parser::Face::parse(&prog, 0).unwrap();
        for (code, ch) in s.codes.iter().zip(s.text.chars()) {
            if !forms.contains(&ch) {
                continue;
            }
            // The glyph drawn is not the horizontal one: another outline box.
            let drawn = sub.glyph_bounding_box(ttf_parser::GlyphId(*code));
            let horizontal = face.glyph_bounding_box(face.glyph_index(ch).unwrap());
            assert_ne!(drawn, horizontal, "{ch} drawn in its horizontal form");
            *seen.entry(ch).or_default() += 1;
        }
    }
    // The sample's text has these in its vertical lines.
    for ch in "、。「」（）ー".chars() {
        assert!(
            seen.get(&ch).copied().unwrap_or(0) > 0,
            "{ch} not seen: {seen:?}"
        );
    }
    // No vertical text is drawn in a horizontal font but Latin, numbers and 縦中横.
    for s in shown
        .iter()
        .filter(|s| !s.vertical && s.matrix[..4] == [0.0, -1.0, 1.0, 0.0])
    {
        assert!(s.text.is_ascii(), "{}", s.text);
    }
}

#[test]
fn two_digit_numbers_stand_across_the_line() {
    let (_, shown) = shown();
    // Runs of digits drawn upright in the vertical font would be stacked digit by
    // digit: none.
    for s in shown.iter().filter(|s| s.vertical) {
        assert!(!s.text.chars().any(|c| c.is_ascii_digit()), "{}", s.text);
    }
    // 平成15年度 and 56 事業 in the vertical text: "15" across, between vertical runs.
    let i = shown
        .iter()
        .position(|s| s.text == "15" && !s.vertical)
        .expect("15 drawn alone");
    let s = &shown[i];
    // Across, not turned; narrowed to one em.
    assert!(
        s.matrix[0] > 0.5 && s.matrix[0] <= 1.0 && s.matrix[1..4] == [0.0, 0.0, 1.0],
        "{:?}",
        s.matrix
    );
    assert!(
        shown[i - 1].vertical && shown[i - 1].text.ends_with("平成"),
        "{}",
        shown[i - 1].text
    );
    assert!(
        shown[i + 1].vertical && shown[i + 1].text.starts_with('年'),
        "{}",
        shown[i + 1].text
    );
    // Every 1–2 digit number shown alone stands across; longer ones are turned.
    for s in shown
        .iter()
        .filter(|s| !s.vertical && !s.text.is_empty() && s.text.chars().all(|c| c.is_ascii_digit()))
    {
        if s.text.len() <= 2 {
            assert!(
                s.matrix[1..4] == [0.0, 0.0, 1.0],
                "{} {:?}",
                s.text,
                s.matrix
            );
        }
    }
    assert!(shown
        .iter()
        .any(|s| s.matrix[..4] == [0.0, -1.0, 1.0, 0.0] && s.text.contains("2150")));
}

/// The vertical HTML in Debian's headless chromium: a copy with a probe script that
/// writes what the browser computed into the page, read back with `--dump-dom`.
#[test]
fn html_is_vertical_in_the_browser() {
    let html = std::fs::read_to_string(built().1.path().join("newsletter.html")).unwrap();
    assert!(html.contains("<article class=\"hoshin-newsletter vertical\">"));
    let probe = r#"<script>
const r = ['mode=' + getComputedStyle(document.querySelector('article')).writingMode];
for (const t of document.querySelectorAll('.tcy')) {
  const b = t.getBoundingClientRect();
  r.push('tcy=' + t.textContent + '=' + getComputedStyle(t).textCombineUpright + '=' + b.width + '=' + b.height);
}
for (const h of document.querySelectorAll('.department h3')) {
  r.push('dept=' + h.textContent + '=' + h.getBoundingClientRect().right);
}
const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = r.join('\n');
document.body.appendChild(pre);
</script></body>"#;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("probe.html");
    std::fs::write(&page, html.replace("</body>", probe)).unwrap();
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .args(["--window-size=1200,900", "--dump-dom"])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    let start = dom
        .find("<pre id=\"probe\">")
        .unwrap_or_else(|| panic!("{dom}"));
    let lines: Vec<&str> = dom[start + 16..dom[start..].find("</pre>").unwrap() + start]
        .lines()
        .collect();
    assert_eq!(lines[0], "mode=vertical-rl");
    // 縦中横: the samples' 2-digit numbers (平成15年度, 56 事業, 21世紀) in one em across.
    let tcy: Vec<Vec<&str>> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("tcy="))
        .map(|l| l.split('=').collect())
        .collect();
    for want in ["15", "56", "21"] {
        assert!(tcy.iter().any(|t| t[0] == want), "{want}: {tcy:?}");
    }
    for t in &tcy {
        assert_eq!(t[1], "all", "{t:?}");
        let (w, h): (f32, f32) = (t[2].parse().unwrap(), t[3].parse().unwrap());
        // Across the vertical line: about an em each way, not stacked two ems tall.
        assert!(h < 1.5 * w, "{t:?}");
    }
    // The departments in publication order, right to left.
    let rights: Vec<f32> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("dept="))
        .map(|l| l.rsplit('=').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(rights.len(), publication().departments.len());
    assert!(rights.windows(2).all(|w| w[1] < w[0]), "{rights:?}");
}
