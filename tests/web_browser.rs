//! The web edition in a real browser: the Nu HTML validator, axe-core (WCAG 2.2 AA and
//! best practice) at 390 and 1280 px on every page and on newsletter.html, tables that
//! fit a phone, dates and contact on every page, the focus outline's contrast, a
//! visitor's path with the filter, and printing, by tests/web/browser.mjs in headless
//! Chromium.
//! Needs `npm ci` in tests/web, Java and Debian's chromium (`.ci/run` installs them).

use std::path::{Path, PathBuf};
use std::process::Command;

use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::Status;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

const STATUSES: [&str; 5] = ["達成", "概ね達成", "未達成", "未着手", "未記入"];

#[test]
fn site_validates_passes_axe_and_works_for_a_visitor() {
    let web_tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web");
    if !web_tests.join("node_modules/playwright-core").is_dir() {
        // First run on a machine: the pinned packages of package-lock.json.
        let st = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&web_tests)
            .status();
        assert!(
            st.is_ok_and(|s| s.success()),
            "`npm ci` in tests/web failed (needs Node and npm)"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "-q", "--only", "booklet,newsletter,web", "-o"])
        .arg(dir.path())
        .arg(samples())
        .output()
        .unwrap();
    assert!(out.status.success());
    let (config, _) = Config::load(None, Some(&samples())).unwrap();
    let p = check_dir(&samples(), &config, &FontSet::default().coverage())
        .unwrap()
        .publication(&config)
        .unwrap();
    let expected = serde_json::json!({
        "title": p.title,
        "indicators": p.indicator_count(),
        "departments": p.departments.iter().map(|d| serde_json::json!({
            "name": d.name,
            "headline": d.headline,
            "projects": d.projects.len(),
            "indicators": d.indicator_count(),
            "statuses": STATUSES.iter().map(|s| {
                let n = d.indicators().filter(|(_, i)| i.status.map_or("未記入", Status::label) == *s).count();
                (s.to_string(), serde_json::json!(n))
            }).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
    });
    let expected_file = dir.path().join("expected.json");
    std::fs::write(&expected_file, serde_json::to_vec(&expected).unwrap()).unwrap();
    // The pages laid out in the fonts they name (IPAex Gothic, in the repository),
    // not in whatever the machine has: a machine without Japanese fonts draws boxes.
    let fonts_conf = dir.path().join("fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n<dir>{}</dir>\n\
             <cachedir>{}</cachedir>\n</fontconfig>\n",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fonts")
                .display(),
            dir.path().join("fontcache").display()
        ),
    )
    .unwrap();
    let run = Command::new("node")
        .env("FONTCONFIG_FILE", &fonts_conf)
        .arg("browser.mjs")
        .arg(dir.path())
        .arg(dir.path().join("web"))
        .arg(&expected_file)
        .current_dir(&web_tests)
        .output()
        .expect("node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    println!("{stdout}");
    assert!(run.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("no violations")
            && stdout.contains("visitor:")
            && stdout.contains("print:"),
        "{stdout}"
    );
}
