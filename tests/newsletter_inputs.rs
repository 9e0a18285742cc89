//! The newsletter with changed inputs: a department too long for the page, a text that
//! looks like HTML, templates replaced through the configuration, broken templates.

#[path = "common/pdftext.rs"]
mod pdftext;

use std::path::{Path, PathBuf};
use std::process::Output;

use hoshin::draft::{Draft, DraftFile};
use hoshin::template::{write_workbook, TemplateOptions};
use pdftext::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A copy of `samples/` with the department `name` rewritten by `change`.
fn samples_with(name: &str, change: impl FnOnce(&mut Draft)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("samples")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let text = std::fs::read_to_string(root().join("docs/samples-source.toml")).unwrap();
    let file: DraftFile = toml::from_str(&text).unwrap();
    let mut draft = file
        .department
        .into_iter()
        .find(|d| d.name == name)
        .unwrap();
    change(&mut draft);
    let mut opts = TemplateOptions::new(2003);
    opts.department = name.to_string();
    write_workbook(
        &dir.path().join(format!("{name}.xlsx")),
        Some(&draft),
        &opts,
    )
    .unwrap();
    dir
}

fn build(input: &Path, out: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "--only", "newsletter", "-q", "-o"])
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", "1049155200")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn bullets_five_times_longer_overflow_one_page_naming_file_and_field() {
    let input = samples_with("生活環境部", |d| {
        for m in &mut d.mission {
            *m = m.repeat(5);
        }
    });
    let mut toml = std::fs::read_to_string(input.path().join("hoshin.toml")).unwrap();
    toml.push_str("\n[newsletter]\npages = 1\n");
    std::fs::write(input.path().join("hoshin.toml"), toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    // Every output: the newsletter's overflow leaves only the newsletter out.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "-q", "-o"])
        .arg(out.path())
        .arg(input.path())
        .env("SOURCE_DATE_EPOCH", "1049155200")
        .output()
        .unwrap();
    let msg = String::from_utf8_lossy(&o.stdout).to_string();
    // A problem of the input, like a check problem: exit 1, on the report's stream.
    assert_eq!(o.status.code(), Some(1), "{msg}{}", stderr(&o));
    assert!(
        msg.contains("エラー 生活環境部.xlsx 使命・目標（生活環境部）: 広報ページ"),
        "{msg}"
    );
    for f in [
        "booklet.pdf",
        "summary.xlsx",
        "web/index.html",
        "manifest.json",
    ] {
        assert!(out.path().join(f).exists(), "{f} not written");
    }
    // Which part overflows, where, by how much; which department to shorten, by how
    // much.
    let re = |s: &str, pat: &[&str]| {
        let mut at = 0;
        pat.iter().all(|p| match s[at..].find(p) {
            Some(i) => {
                at += i + p.len();
                true
            }
            None => false,
        })
    };
    assert!(
        re(&msg, &["の使命・目標が ", " 行はみ出します（第", "段）"]),
        "{msg}"
    );
    assert!(
        re(
            &msg,
            &["生活環境部の使命・目標", " 行", "縮めれば収まります"]
        ),
        "{msg}"
    );
    // `pages = "auto"` is offered, with the count it would take.
    assert!(re(&msg, &["\"auto\"", "全体で 2 ページ"]), "{msg}");
    // What to do.
    assert!(msg.contains("短く") && msg.contains("featured"), "{msg}");
    for f in ["newsletter.pdf", "newsletter.html", "newsletter.txt"] {
        assert!(!out.path().join(f).exists(), "{f} written");
    }
    // `hoshin check` warns early, at the department's workbook.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["check", "--format", "json"])
        .arg(input.path())
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&o.stdout);
    let w: Vec<&str> = json.lines().filter(|l| l.contains("W224")).collect();
    assert_eq!(w.len(), 1, "{json}");
    assert!(
        w[0].contains("生活環境部.xlsx") && w[0].contains("使命・目標"),
        "{}",
        w[0]
    );
}

#[test]
fn the_samples_have_no_budget_warning() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["check", "--format", "json"])
        .arg(root().join("samples"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains("W224"));
}

const EVIL: &str = "<script>alert(1)</script> & 市民・事業者の協働";

#[test]
fn html_like_text_is_escaped_in_html_and_verbatim_elsewhere() {
    let input = samples_with("企画部", |d| {
        d.mission[0] = format!("{EVIL}を進めます。");
    });
    let out = tempfile::tempdir().unwrap();
    let o = build(input.path(), out.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.path().join("newsletter.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 市民・事業者の協働を進めます。"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    let txt = std::fs::read_to_string(out.path().join("newsletter.txt")).unwrap();
    assert!(txt.contains(&format!("●{EVIL}を進めます。\n")), "{txt}");
    let pdf = squash(&plain_text(&out.path().join("newsletter.pdf")));
    assert!(pdf.contains(&squash(EVIL)), "{pdf}");
}

/// A folder of replacement templates and a hoshin.toml pointing at it (relative).
fn with_templates(files: &[(&str, String)]) -> tempfile::TempDir {
    let input = samples_with("企画部", |_| {});
    let t = input.path().join("custom/newsletter");
    std::fs::create_dir_all(&t).unwrap();
    for (name, text) in files {
        std::fs::write(t.join(name), text).unwrap();
    }
    let mut toml = std::fs::read_to_string(input.path().join("hoshin.toml")).unwrap();
    toml.push_str("\n[templates]\ndir = \"custom\"\n");
    std::fs::write(input.path().join("hoshin.toml"), toml).unwrap();
    input
}

#[test]
fn a_replaced_template_changes_all_three_outputs() {
    let page = hoshin::render::newsletter::PAGE_HBS
        .replace(
            "@kicker 市民のみなさんに、市の取り組みを分かりやすく紹介",
            "@kicker 市報特集　{{市}}の経営方針をお知らせします",
        )
        .replace("@bullet ● {{this}}", "@bullet ▶ {{this}}");
    let input = with_templates(&[("page.hbs", page)]);
    let out = tempfile::tempdir().unwrap();
    // Run from elsewhere: the folder is relative to hoshin.toml, not to the caller.
    let o = build(input.path(), out.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let want = "市報特集　三鷹市の経営方針をお知らせします";
    let html = std::fs::read_to_string(out.path().join("newsletter.html")).unwrap();
    let txt = std::fs::read_to_string(out.path().join("newsletter.txt")).unwrap();
    let pdf = squash(&plain_text(&out.path().join("newsletter.pdf")));
    assert!(html.contains(want), "{html}");
    assert!(txt.starts_with(&format!("{want}\n")), "{txt}");
    assert!(pdf.contains(&squash(want)), "{pdf}");
    assert!(!pdf.contains("市民のみなさんに、市の取り組みを分かりやすく紹介"));
    assert!(txt.contains("\n▶") && pdf.contains("▶") && !txt.contains("\n●"));
}

#[test]
fn a_template_syntax_error_names_file_and_line() {
    let mut page: Vec<String> = hoshin::render::newsletter::PAGE_HBS
        .lines()
        .map(String::from)
        .collect();
    let at = page.iter().position(|l| l.starts_with("@kicker")).unwrap();
    page[at] = "@kicker {{#if 市}}閉じていない".into();
    let input = with_templates(&[("page.hbs", page.join("\n"))]);
    let out = tempfile::tempdir().unwrap();
    let o = build(input.path(), out.path());
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{msg}");
    assert!(msg.contains("custom/newsletter/page.hbs"), "{msg}");
    // The unclosed block is reported where handlebars notices it.
    assert!(msg.contains("行目"), "{msg}");
    assert!(!out.path().join("newsletter.pdf").exists());

    // An unknown placeholder, at its line.
    let html = hoshin::render::newsletter::HTML_HBS.replace("<title>{{title}}", "<title>{{題目}}");
    let line = html.lines().position(|l| l.contains("{{題目}}")).unwrap() + 1;
    let input = with_templates(&[("page.html.hbs", html)]);
    let o = build(input.path(), out.path());
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("page.html.hbs") && msg.contains(&format!("{line}行目")),
        "{msg}"
    );

    // An unknown part in the page markup, at the template's line.
    let page = hoshin::render::newsletter::PAGE_HBS.replace("@contact ", "@contacts ");
    let line = page
        .lines()
        .position(|l| l.starts_with("@contacts"))
        .unwrap()
        + 1;
    let input = with_templates(&[("page.hbs", page)]);
    let o = build(input.path(), out.path());
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("page.hbs")
            && msg.contains(&format!("{line}行目"))
            && msg.contains("@contacts"),
        "{msg}"
    );
}

#[test]
fn featured_projects_and_paper_by_configuration() {
    let input = samples_with("企画部", |_| {});
    let mut toml = std::fs::read_to_string(input.path().join("hoshin.toml")).unwrap();
    toml.push_str(
        "\n[newsletter]\npaper = \"A3\"\nfeatured = [\"企画部:2\", \"総務部:1\"]\ncontact = \"企画経営室 電話 0422-00-0000\"\n",
    );
    std::fs::write(input.path().join("hoshin.toml"), &toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = build(input.path(), out.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = bbox_words(&out.path().join("newsletter.pdf"));
    assert_eq!(pages.len(), 1);
    assert!((pages[0].width - 297.0 * 72.0 / 25.4).abs() < 1.0);
    let txt = std::fs::read_to_string(out.path().join("newsletter.txt")).unwrap();
    assert!(txt.contains("↓企画経営室 電話 0422-00-0000\n"), "{txt}");
    let text = std::fs::read_to_string(root().join("docs/samples-source.toml")).unwrap();
    let file: DraftFile = toml::from_str(&text).unwrap();
    for (d, no) in [("企画部", 2), ("総務部", 1)] {
        let p = file
            .department
            .iter()
            .find(|x| x.name == d)
            .unwrap()
            .projects
            .iter()
            .find(|p| p.no == no)
            .unwrap();
        assert!(txt.contains(&p.name), "{}", p.name);
    }

    // A project that does not exist is named.
    std::fs::write(
        input.path().join("hoshin.toml"),
        toml.replace("総務部:1", "総務部:99"),
    )
    .unwrap();
    let o = build(input.path(), out.path());
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{msg}");
    assert!(msg.contains("総務部:99"), "{msg}");
}
