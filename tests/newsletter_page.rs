//! The newsletter page made from `samples/`, read back from what the tool wrote: the
//! PDF with poppler, the HTML and the text as files.

mod common;
#[path = "common/pdftext.rs"]
mod pdftext;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::Publication;
use pdftext::*;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// `hoshin build samples --only newsletter` into a temporary folder, once for all tests.
fn built() -> &'static tempfile::TempDir {
    static B: OnceLock<tempfile::TempDir> = OnceLock::new();
    B.get_or_init(|| common::build_samples("newsletter"))
}

fn pdf() -> PathBuf {
    built().path().join("newsletter.pdf")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(built().path().join(name)).unwrap()
}

fn publication() -> Publication {
    let (config, _) = Config::load(None, Some(&samples())).unwrap();
    let outcome = check_dir(&samples(), &config, &FontSet::default().coverage()).unwrap();
    outcome.publication(&config).expect("samples are clean")
}

/// Every department's name, headline and mission bullets.
fn department_texts(p: &Publication) -> Vec<String> {
    let mut v = Vec::new();
    for d in &p.departments {
        v.push(d.name.clone());
        v.push(d.headline.clone());
        v.extend(d.mission.iter().map(|m| m.text.clone()));
    }
    v
}

#[test]
fn one_tabloid_page_with_subset_unicode_fonts() {
    let pages = bbox_words(&pdf());
    assert_eq!(pages.len(), 1);
    // 273 × 406 mm.
    assert!((pages[0].width - 273.0 * 72.0 / 25.4).abs() < 1.0);
    assert!((pages[0].height - 406.0 * 72.0 / 25.4).abs() < 1.0);
    let f = fonts(&pdf());
    assert_eq!(f.len(), 2, "{f:?}");
    for (name, _, emb, sub, uni) in f {
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name}"
        );
    }
    if let Some((ok, text)) = qpdf_check(&pdf()) {
        assert!(ok, "{text}");
    }
}

#[test]
fn every_department_name_headline_and_bullet_is_on_the_page() {
    let text = squash(&raw_text(&pdf()));
    let p = publication();
    // (A bullet's marker is drawn after its first line: compare without markers.)
    let unmarked = text.replace('●', "");
    let missing: Vec<String> = department_texts(&p)
        .into_iter()
        .filter(|f| !unmarked.contains(&squash(f)))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:#?}");
    // The seed's parts, in the seed's order.
    let parts = [
        "市民のみなさんに、市の取り組みを分かりやすく紹介",
        "三鷹市各部の経営の全体構想",
        "「各部の運営方針と目標」をまとめました",
        "市ではこのほど、平成15年度の「各部の運営方針と目標」をまとめました。",
        "↓企画経営室行政評価担当内線2150・2151",
        "■各部が市民の視点に立ち主体的に「目標」を設定",
        "■ホームページ・冊子で全文をご覧になれます",
        "平成15年度各部の使命・目標",
        "◆企画部",
        "◆教育委員会",
        "「各部の運営方針と目標」イメージ図",
        "〈個別事業とその目標〉の例",
        "目標指標：",
    ];
    let mut at = 0;
    for part in parts {
        let i = text[at..]
            .find(part)
            .unwrap_or_else(|| panic!("「{part}」 not found after byte {at}"));
        at += i;
    }
    // Departments in publication order; each bullet, read line by line down its
    // column, with its marker.
    let lines = lines(&bbox_words(&pdf()), 8.0);
    let mut at = 0;
    for d in &p.departments {
        at += text[at..]
            .find(&format!("◆{}", d.name))
            .unwrap_or_else(|| panic!("◆{} out of order", d.name));
        for m in &d.mission {
            assert!(
                follow(&lines, &format!("●{}", m.text)).is_some(),
                "●{}",
                m.text
            );
        }
    }
    // Default featured project: the first project of the first department.
    let first = &p.departments[0].projects[0];
    assert!(text.contains(&squash(&first.name)));
    assert!(text.contains(&squash(&first.indicator_sentence())));
}

#[test]
fn no_line_breaks_against_kinsoku() {
    let lines = lines(&bbox_words(&pdf()), 8.0);
    assert!(lines.len() > 100, "{}", lines.len());
    let bad: Vec<&str> = lines
        .iter()
        .filter(|l| {
            no_start(l.text.chars().next().unwrap()) || no_end(l.text.chars().last().unwrap())
        })
        .map(|l| l.text.as_str())
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// The lines of `para` in its column, top to bottom: the first line is one whose text
/// starts the paragraph, then each next line just below, starting near it.
fn follow<'a>(lines: &'a [TextLine], para: &str) -> Option<Vec<&'a TextLine>> {
    let want = squash(para);
    let texts: Vec<String> = lines.iter().map(|l| squash(&l.text)).collect();
    let start = (0..lines.len())
        .find(|&i| texts[i].chars().count() > 5 && want.starts_with(texts[i].as_str()))?;
    let mut got = texts[start].clone();
    let mut out = vec![&lines[start]];
    while got.len() < want.len() {
        let cur = *out.last().unwrap();
        let next = (0..lines.len())
            .filter(|&i| {
                let l = &lines[i];
                l.y1 > cur.y1 + 1.0
                    && l.y1 < cur.y1 + 30.0
                    && (l.x0 - out[0].x0).abs() < 25.0
                    && want[got.len()..].starts_with(texts[i].as_str())
            })
            .min_by(|&a, &b| lines[a].y1.partial_cmp(&lines[b].y1).unwrap())?;
        got += &texts[next];
        out.push(&lines[next]);
    }
    (got == want).then_some(out)
}

#[test]
fn justified_lines_reach_the_column_edge() {
    // Every bullet, headline and lead paragraph: its lines but the last end at one
    // right edge per column.
    let lines = lines(&bbox_words(&pdf()), 8.0);
    let p = publication();
    let mut paras: Vec<String> = p
        .departments
        .iter()
        .flat_map(|d| d.mission.iter().map(|m| format!("●{}", m.text)))
        .collect();
    paras.extend(p.departments.iter().map(|d| d.headline.clone()));
    // Paragraphs of the text version: the lead and the articles.
    paras.extend(
        read("newsletter.txt")
            .lines()
            .filter(|l| l.chars().count() > 60)
            .map(String::from),
    );
    let mut by_column: std::collections::BTreeMap<i32, Vec<(f32, char, String)>> =
        Default::default();
    for para in &paras {
        let found = follow(&lines, para).unwrap_or_else(|| panic!("not found: {para}"));
        // Paragraphs starting at one x are in one column (of the articles, or of the
        // boxes) and share its right edge.
        let key = found[0].x0.round() as i32;
        for l in &found[..found.len() - 1] {
            by_column.entry(key).or_default().push((
                l.x1,
                l.text.chars().last().unwrap(),
                l.text.clone(),
            ));
        }
    }
    let mut checked = 0;
    let mut bad = Vec::new();
    for (_, ls) in by_column {
        // The edge: where lines not ending in closing punctuation end. A closing mark
        // at the end may keep or give up the blank half of its frame (8.5 pt type).
        let right = ls
            .iter()
            .filter(|l| !closing(l.1))
            .map(|l| l.0)
            .fold(0.0, f32::max);
        for (x1, last, text) in ls {
            checked += 1;
            let half = if closing(last) { 4.25 } else { 0.0 };
            if (x1 - right).abs() > 0.5 && ((x1 - right).abs() - half).abs() > 0.5 {
                bad.push(format!("ends at {x1:.2} not {right:.2}: {text}"));
            }
        }
    }
    assert!(checked >= 40, "only {checked} lines checked");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn html_is_a_standalone_accessible_page() {
    let html = read("newsletter.html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    for tag in ["<title>", "<h1>", "<h2>", "<h3>", "<ul", "<li>", "<article"] {
        assert!(html.contains(tag), "{tag}");
    }
    // No external resources.
    for bad in ["src=", "href=", "url(", "@import", "http:", "https:"] {
        assert!(!html.contains(bad), "{bad}");
    }
    for mark in ["<h2>■", "<h3>◆", ">↓"] {
        assert!(!html.contains(mark), "{mark}");
    }
    let p = publication();
    for d in &p.departments {
        assert!(
            // The print's ◆ is not read aloud inside the heading.
            html.contains(&format!("<h3>{}</h3>", d.name)),
            "{}",
            d.name
        );
        for m in &d.mission {
            assert!(html.contains(&m.text), "{}", m.text);
        }
    }
}

#[test]
fn text_keeps_headings_and_marks_without_layout_spaces() {
    let txt = read("newsletter.txt");
    let p = publication();
    for d in &p.departments {
        let block = format!("◆{}\n{}\n", d.name, d.headline);
        assert!(txt.contains(&block), "{block}");
        for m in &d.mission {
            assert!(txt.contains(&format!("\n●{}\n", m.text)), "{}", m.text);
        }
    }
    assert!(txt.contains("■各部が市民の視点に立ち主体的に「目標」を設定\n"));
    assert!(txt.contains("\n平成15年度 各部の使命・目標\n"));
    for (i, l) in txt.lines().enumerate() {
        assert!(
            !l.starts_with([' ', '\t', '\u{3000}']) && !l.ends_with(' ') && !l.contains("  "),
            "line {}: {l:?}",
            i + 1
        );
    }
    assert!(!txt.contains("\n\n\n"));
}

#[test]
fn builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "--only", "newsletter", "-q", "-o"])
        .arg(dir.path())
        .arg(samples())
        .env("SOURCE_DATE_EPOCH", "1049155200")
        .output()
        .unwrap();
    assert!(out.status.success());
    for f in ["newsletter.pdf", "newsletter.html", "newsletter.txt"] {
        assert_eq!(
            std::fs::read(dir.path().join(f)).unwrap(),
            std::fs::read(built().path().join(f)).unwrap(),
            "{f}"
        );
    }
}
