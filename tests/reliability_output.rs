//! Issue 12: the output folder is one consistent set — two builds at once, a build
//! killed around its commit — and `hoshin verify` says so.

mod common;
use common::*;
#[path = "common/pdftext.rs"]
mod pdftext;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ONLY: &str = "booklet,summary,departments,next-year,web";

fn sample(dir: &Path, departments: usize, seed: u64) {
    let s = hoshin()
        .args(["sample", "-o"])
        .arg(dir)
        .args(["--departments", &departments.to_string()])
        .args(["--seed", &seed.to_string()])
        .output()
        .unwrap();
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
}

fn build(input: &Path, out: &Path) -> Command {
    let mut c = hoshin();
    c.args(["build", "-q", "--only", ONLY, "-o"])
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", "1049155200")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// `hoshin build -q --only ONLY -o OUT INPUT`, asserted to exit 0.
fn build_ok(input: &Path, out: &Path, only: &str) {
    let o = hoshin()
        .args(["build", "-q", "--only", only, "-o"])
        .arg(out)
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file the manifest lists, checked here (not by hoshin): path → matches.
fn manifest_mismatches(out: &Path) -> Vec<String> {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let outputs = m["outputs"].as_array().unwrap();
    assert!(outputs.len() > 100, "{}", outputs.len());
    outputs
        .iter()
        .filter(|o| {
            let file = o["file"].as_str().unwrap();
            std::fs::read(out.join(file))
                .map(|b| sha256(&b))
                .ok()
                .as_deref()
                != o["sha256"].as_str()
        })
        .map(|o| o["file"].as_str().unwrap().to_string())
        .collect()
}

/// The inputs the manifest names, with their hashes: which build the set is from.
fn manifest_inputs(out: &Path) -> BTreeMap<String, String> {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Names below `dir` that only hoshin's commit makes (temporaries, the journal).
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().unwrap().is_dir() {
            found.extend(leftovers(&e.path()));
        } else if name.ends_with(".hoshin-tmp") || name == ".hoshin-journal.json" {
            found.push(e.path().display().to_string());
        }
    }
    found
}

fn verify(out: &Path) -> (i32, String) {
    let v = hoshin().arg("verify").arg(out).output().unwrap();
    (
        v.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&v.stdout).into_owned(),
    )
}

#[test]
fn two_builds_into_one_folder_at_once_leave_one_consistent_set() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("out"),
    );
    sample(&a, 40, 1);
    sample(&b, 40, 2);
    // A file of the user's that looks like a temporary: never hoshin's to remove.
    std::fs::create_dir_all(out.join("web")).unwrap();
    std::fs::write(out.join("web/.notes.tmp"), b"mine").unwrap();
    let first = build(&a, &out).spawn().unwrap();
    let second = build(&b, &out).spawn().unwrap();
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    for o in [&first, &second] {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // One of them waited for the other, and said whom for.
    let said = String::from_utf8_lossy(&first.stderr).into_owned()
        + &String::from_utf8_lossy(&second.stderr);
    assert!(
        said.contains("書き込み中です") && said.contains("PID"),
        "{said}"
    );
    assert_eq!(manifest_mismatches(&out), Vec::<String>::new());
    let inputs = manifest_inputs(&out);
    let from = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    sha256(&std::fs::read(e.path()).unwrap()),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    assert!(inputs == from(&a) || inputs == from(&b));
    assert_eq!(verify(&out).0, 0);
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert_eq!(std::fs::read(out.join("web/.notes.tmp")).unwrap(), b"mine");
}

/// Waits for `out`'s journal to appear (the renames begin), then `extra`, and kills
/// `child`. True when the journal was seen.
fn kill_in_commit(child: &mut Child, out: &Path, extra: Duration) -> bool {
    let journal = out.join(".hoshin-journal.json");
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = false;
    while Instant::now() < deadline {
        if journal.exists() {
            seen = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(extra);
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    seen
}

#[test]
fn a_build_killed_around_its_commit_verifies_after() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("out"),
    );
    sample(&a, 60, 1);
    sample(&b, 60, 2);
    let t = Instant::now();
    assert!(build(&a, &out).status().unwrap().success());
    let full = t.elapsed();
    let mut interrupted = 0;
    // Inside the commit (as the journal appears, a little and a while after), then
    // before it (while rendering) and at about its end.
    let moments: [(bool, Duration); 6] = [
        (true, Duration::ZERO),
        (true, Duration::from_millis(3)),
        (true, Duration::from_millis(15)),
        (true, Duration::from_millis(60)),
        (false, full / 2),
        (false, full),
    ];
    for (i, (in_commit, wait)) in moments.into_iter().enumerate() {
        let input = if i % 2 == 0 { &b } else { &a };
        let mut child = build(input, &out).spawn().unwrap();
        if in_commit {
            kill_in_commit(&mut child, &out, wait);
        } else {
            std::thread::sleep(wait);
            let _ = child.kill();
            let _ = child.wait();
        }
        if out.join(".hoshin-journal.json").exists() {
            interrupted += 1;
        }
        let (code, said) = verify(&out);
        assert_eq!(code, 0, "moment {i}: {said}");
        assert_eq!(
            manifest_mismatches(&out),
            Vec::<String>::new(),
            "moment {i}"
        );
        assert_eq!(leftovers(&out), Vec::<String>::new(), "moment {i}");
    }
    eprintln!(
        "{interrupted} of {} kills left a commit to complete",
        moments.len()
    );
    // At least one kill landed inside the renames (a journal was left to recover).
    assert!(interrupted > 0, "no kill landed inside a commit");
}

#[test]
fn a_department_named_index_does_not_take_the_site_index() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    write_config(&input);
    Book::department("index", 1, "令和7年度").write(&input.join("a.xlsx"));
    Book::department("Indicators", 2, "令和7年度").write(&input.join("b.xlsx"));
    build_ok(&input, &out, "web");
    // The web edition names department pages by 掲載順 (dept-01.html), so neither
    // department can take the site's index or list.
    let index = std::fs::read_to_string(out.join("web/index.html")).unwrap();
    assert!(index.contains("href=\"dept-01.html\""), "{index}");
    assert!(index.contains("href=\"dept-02.html\""), "{index}");
    assert!(out.join("web/dept-01.html").exists() && out.join("web/dept-02.html").exists());
    let indicators = std::fs::read_to_string(out.join("web/indicators.html")).unwrap();
    assert!(indicators.contains("index") && indicators.contains("Indicators"));
    assert_eq!(verify(&out).0, 0);
}

#[test]
fn verify_finds_a_changed_file_and_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    sample(&input, 3, 1);
    assert!(build(&input, &out).status().unwrap().success());
    assert_eq!(verify(&out).0, 0);
    std::fs::write(out.join("web/style.css"), b"changed").unwrap();
    std::fs::remove_file(out.join("summary.xlsx")).unwrap();
    let (code, said) = verify(&out);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("web/style.css") && said.contains("summary.xlsx"),
        "{said}"
    );
    let none = hoshin().arg("verify").arg(dir.path()).output().unwrap();
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn a_decomposed_name_prints_composed_and_big_figures_print_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    write_config(&input);
    // カ + combining voiced mark (pasted from a Mac); a budget just under the limit.
    Book::department("カ\u{3099}ス部", 1, "令和7年度")
        .set("予算", "B2", N(999_999_999_999.0))
        .write(&input.join("a.xlsx"));
    build_ok(&input, &out, "booklet");
    let text = pdftext::plain_text(&out.join("booklet.pdf"));
    assert!(text.contains("ガス部"), "{text}");
    assert!(
        !text.contains('\u{3099}') && !text.contains('\u{309B}'),
        "{text}"
    );
    assert!(text.contains("999,999,999,999"), "{text}");
    for garbage in ["inf", "NaN", "18,446,744"] {
        assert!(!text.contains(garbage), "{garbage}: {text}");
    }
}

#[test]
fn awkward_department_names_get_safe_file_and_sheet_names() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    write_config(&input);
    // 80 kanji (240 bytes: a stem capped in characters passed 255 bytes), apostrophes,
    // a # that would cut a link.
    Book::department(&"企".repeat(80), 1, "令和7年度").write(&input.join("a.xlsx"));
    Book::department("'総務部'", 2, "令和7年度").write(&input.join("b.xlsx"));
    Book::department("企画#部", 3, "令和7年度").write(&input.join("c.xlsx"));
    build_ok(&input, &out, "departments,next-year,web,summary");
    for e in std::fs::read_dir(out.join("departments"))
        .unwrap()
        .flatten()
    {
        assert!(e.file_name().len() <= 255);
    }
    assert!(out
        .join(format!("departments/{}.xlsx", "企".repeat(66)))
        .exists());
    let index = std::fs::read_to_string(out.join("web/index.html")).unwrap();
    assert!(!index.contains("企画#部.html"), "{index}");
    for e in std::fs::read_dir(out.join("web")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(name.is_ascii() && !name.contains('#'), "{name}");
    }
    assert_eq!(verify(&out).0, 0);

    // A 部名 of emoji (two UTF-16 units each) with apostrophes: an input error (the
    // fonts lack emoji), and the report, one sheet per department, is still written.
    std::fs::remove_file(input.join("a.xlsx")).unwrap();
    Book::department(&format!("'{}部'", "😀".repeat(20)), 1, "令和7年度")
        .write(&input.join("a.xlsx"));
    let report = dir.path().join("report.xlsx");
    let o = hoshin()
        .arg("check")
        .arg(&input)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    use calamine::Reader;
    let report: calamine::Xlsx<_> = calamine::open_workbook(&report).unwrap();
    let names = report.sheet_names();
    assert!(names.len() >= 2, "{names:?}");
    for n in names {
        assert!(
            n.encode_utf16().count() <= 31 && !n.starts_with('\''),
            "{n}"
        );
    }
}
