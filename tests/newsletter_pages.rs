//! The newsletter of a large city: `[newsletter] pages`. Generated folders of 30 and 200
//! departments built by the binary, read back with poppler.

mod common;
#[path = "common/pdftext.rs"]
mod pdftext;

use std::path::Path;
use std::process::Output;

use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use pdftext::*;

/// `hoshin sample` of `n` departments with `projects` projects each, and a
/// hoshin.toml with `toml` (if any).
fn sample(n: usize, projects: usize, toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = common::hoshin()
        .args(["sample", "-o"])
        .arg(dir.path())
        .args(["--departments", &n.to_string(), "--projects"])
        .arg(projects.to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    if !toml.is_empty() {
        // After the city and issuer `sample` wrote.
        let cfg = dir.path().join("hoshin.toml");
        let base = std::fs::read_to_string(&cfg).unwrap_or_default();
        std::fs::write(cfg, base + "\n" + toml).unwrap();
    }
    dir
}

fn build(input: &Path, out: &Path, only: &[&str]) -> Output {
    let mut c = common::hoshin();
    c.arg("build");
    if !only.is_empty() {
        c.args(["--only", &only.join(",")]);
    }
    c.arg("-o")
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", "1049155200")
        .output()
        .unwrap()
}

/// `pdftotext -raw` of each page, without whitespace.
fn raw_pages(pdf: &Path) -> Vec<String> {
    let mut pages: Vec<String> = raw_text(pdf).split('\u{c}').map(squash).collect();
    if pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn thirty_departments_run_over_pages_in_order() {
    let input = sample(30, 2, "[newsletter]\npages = \"auto\"\n");
    let out = tempfile::tempdir().unwrap();
    let o = build(input.path(), out.path(), &["newsletter"]);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pdf = out.path().join("newsletter.pdf");
    let pages = raw_pages(&pdf);
    assert!(pages.len() >= 2, "{} pages", pages.len());
    // The warning says how many pages it took.
    assert!(
        stdout.contains("警告 広報ページ:")
            && stdout.contains(&format!("30 部を {} ページに", pages.len())),
        "{stdout}"
    );
    // The manifest says so too.
    let manifest = std::fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(
        manifest.contains(&format!("\"pages\": {}", pages.len())),
        "{manifest}"
    );

    let (config, _) = Config::load(None, Some(input.path())).unwrap();
    let outcome = check_dir(input.path(), &config, &FontSet::default().coverage()).unwrap();
    let p = outcome.publication(&config).unwrap();
    assert_eq!(p.departments.len(), 30);
    // Every department's name and headline on some page, in publication order: page by
    // page, and on each page after the previous one.
    let (mut page, mut at) = (0, 0);
    let mut on_page = vec![0; pages.len()];
    for d in &p.departments {
        for want in [format!("◆{}", d.name), squash(&d.headline)] {
            loop {
                assert!(
                    page < pages.len(),
                    "「{want}」 ({}) not found in order",
                    d.name
                );
                if let Some(i) = pages[page][at..].find(&want) {
                    at += i + want.len();
                    break;
                }
                (page, at) = (page + 1, 0);
            }
        }
        on_page[page] += 1;
    }
    assert!(
        on_page.iter().all(|&n| n > 0),
        "a page without departments: {on_page:?}"
    );
    // Each continuation page: the running title and the band, with （続き）.
    let title = "見本市各部の経営の全体構想「各部の運営方針と目標」をまとめました（続き）";
    for (i, text) in pages.iter().enumerate().skip(1) {
        let head: String = text.chars().take(60).collect();
        assert!(text.starts_with(title), "page {}: {head}", i + 1);
        assert!(text.contains("各部の使命・目標（続き）"), "page {}", i + 1);
    }
    assert!(!pages[0].contains("（続き）"));
    // Nothing outside the page, no line against kinsoku on any page.
    let words = bbox_words(&pdf);
    for (i, pg) in words.iter().enumerate() {
        for w in &pg.words {
            assert!(
                w.x0 >= 0.0 && w.y0 >= 0.0 && w.x1 <= pg.width && w.y1 <= pg.height,
                "page {}: {w:?}",
                i + 1
            );
        }
    }
    let bad: Vec<String> = lines(&words, 8.0)
        .into_iter()
        .filter(|l| {
            no_start(l.text.chars().next().unwrap()) || no_end(l.text.chars().last().unwrap())
        })
        .map(|l| l.text)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn a_fixed_page_count_is_an_input_error_and_the_rest_is_built() {
    let input = sample(30, 2, "[newsletter]\npages = 2\n");
    let out = tempfile::tempdir().unwrap();
    let o = build(input.path(), out.path(), &[]);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    // Like a check problem: what overflows where, what to do (no one department is the
    // cause here: the workbook is named where one is, see newsletter_inputs.rs).
    let line = stdout
        .lines()
        .find(|l| l.contains("エラー ") && l.contains("広報ページ"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(!line.contains(".xlsx"), "{line}");
    assert!(line.contains("pages = 2）に収まりません"), "{line}");
    assert!(line.contains("2ページ目の第"), "{line}");
    assert!(line.contains("\"auto\""), "{line}");
    assert!(!out.path().join("newsletter.pdf").exists());
    for f in [
        "booklet.pdf",
        "summary.xlsx",
        "web/index.html",
        "manifest.json",
    ] {
        assert!(out.path().join(f).exists(), "{f}");
    }
    // A wrong value is a configuration error naming the key.
    std::fs::write(
        input.path().join("hoshin.toml"),
        "[newsletter]\npages = \"many\"\n",
    )
    .unwrap();
    let o = build(input.path(), out.path(), &["newsletter"]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("pages") && stderr.contains("auto"),
        "{stderr}"
    );
}

#[test]
fn two_hundred_departments_build_every_output_by_default() {
    let input = sample(200, 20, "");
    let out = tempfile::tempdir().unwrap();
    let o = build(input.path(), out.path(), &[]);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for f in [
        "booklet.pdf",
        "newsletter.pdf",
        "newsletter.html",
        "newsletter.txt",
        "summary.xlsx",
        "web/index.html",
        "check-report.xlsx",
        "manifest.json",
    ] {
        assert!(out.path().join(f).exists(), "{f}");
    }
    for dir in ["departments", "next-year"] {
        assert_eq!(
            std::fs::read_dir(out.path().join(dir))
                .unwrap()
                .filter(|e| e
                    .as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "xlsx"))
                .count(),
            200,
            "{dir}"
        );
    }
    let pages = raw_pages(&out.path().join("newsletter.pdf"));
    assert!(pages.len() > 2, "{}", pages.len());
    assert!(
        stdout.contains(&format!("200 部を {} ページに", pages.len())),
        "{stdout}"
    );
}
