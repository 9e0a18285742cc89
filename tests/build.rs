//! `hoshin build`: every output in one run — deterministic, atomic, with a manifest.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn build_cmd(input: &Path, out: &Path) -> Command {
    let mut c = hoshin();
    c.args(["build", "-q", "-o"])
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", "1049155200");
    c
}

fn sha256(path: &Path) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every regular file under `dir` (hidden temporaries excluded) → sha256.
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                walk(base, &e.path(), out);
            } else if !name.starts_with('.') {
                out.insert(
                    e.path()
                        .strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    sha256(&e.path()),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The manifest's outputs: file → sha256.
fn manifest_outputs(out: &Path) -> BTreeMap<String, String> {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["file"].as_str().unwrap().to_string(),
                o["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn manifest_lists_inputs_and_outputs_with_their_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(build_cmd(&samples(), &out).status().unwrap().success());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["tool"], "hoshin");
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["fiscal_year"]["western"], 2003);
    assert_eq!(m["fiscal_year"]["wareki"], "平成15年度");
    let inputs: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 9, "8 workbooks and hoshin.toml: {inputs:?}");
    for i in m["inputs"].as_array().unwrap() {
        assert_eq!(
            i["sha256"].as_str().unwrap(),
            sha256(&samples().join(i["file"].as_str().unwrap()))
        );
    }
    let outputs = manifest_outputs(&out);
    assert!(
        outputs.contains_key("booklet.pdf") && outputs.contains_key("check-report.xlsx"),
        "{outputs:?}"
    );
    let on_disk = hashes(&out);
    for (file, hash) in &outputs {
        assert_eq!(on_disk.get(file), Some(hash), "{file}");
    }
    // Everything in the folder is in the manifest (but the manifest itself).
    assert_eq!(on_disk.len(), outputs.len() + 1);
    let booklet = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["file"] == "booklet.pdf")
        .unwrap();
    assert!(booklet["pages"].as_u64().unwrap() > 20);
}

#[test]
fn builds_are_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    assert!(build_cmd(&samples(), &a).status().unwrap().success());
    assert!(build_cmd(&samples(), &b).status().unwrap().success());
    assert!(build_cmd(&samples(), &c)
        .env("RAYON_NUM_THREADS", "1")
        .status()
        .unwrap()
        .success());
    let ha = hashes(&a);
    assert!(ha.len() >= 3);
    assert_eq!(ha, hashes(&b));
    assert_eq!(ha, hashes(&c));
}

#[test]
fn broken_input_writes_the_report_and_leaves_earlier_outputs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&samples(), &input);
    let out = dir.path().join("out");
    assert!(build_cmd(&input, &out).status().unwrap().success());
    let before = hashes(&out);
    let report_before = std::fs::metadata(out.join("check-report.xlsx"))
        .unwrap()
        .modified()
        .unwrap();
    Book::department("総務部", 2, "平成15年度")
        .set("個別事業", "C2", T("広報室"))
        .write(&input.join("総務部.xlsx"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = build_cmd(&input, &out).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let after = hashes(&out);
    for (file, hash) in &before {
        if file != "check-report.xlsx" {
            assert_eq!(after.get(file), Some(hash), "{file} changed");
        }
    }
    assert_ne!(
        after["check-report.xlsx"], before["check-report.xlsx"],
        "the report lists the new problem"
    );
    assert!(
        std::fs::metadata(out.join("check-report.xlsx"))
            .unwrap()
            .modified()
            .unwrap()
            > report_before
    );
}

#[test]
fn only_selects_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let st = build_cmd(&samples(), &out)
        .args(["--only", "booklet"])
        .status()
        .unwrap();
    assert!(st.success());
    let files: Vec<String> = hashes(&out).into_keys().collect();
    assert_eq!(
        files,
        vec!["booklet.pdf", "check-report.xlsx", "manifest.json"]
    );
    let bad = hoshin()
        .args(["build", "--only", "poster", "-o"])
        .arg(&out)
        .arg(samples())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_killed_build_leaves_every_file_old_or_new_never_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let (old_in, new_in) = (dir.path().join("old"), dir.path().join("new"));
    copy_dir(&samples(), &old_in);
    copy_dir(&samples(), &new_in);
    // Another city name changes every output.
    let cfg = std::fs::read_to_string(new_in.join("hoshin.toml"))
        .unwrap()
        .replace("三鷹市", "武蔵野市");
    std::fs::write(new_in.join("hoshin.toml"), cfg).unwrap();
    let (out, reference) = (dir.path().join("out"), dir.path().join("reference"));
    assert!(build_cmd(&old_in, &out).status().unwrap().success());
    let started = std::time::Instant::now();
    assert!(build_cmd(&new_in, &reference).status().unwrap().success());
    // Kill at fractions of a whole build's time, so some kills land while writing.
    let whole = started.elapsed().as_secs_f64();
    let (old, new) = (hashes(&out), hashes(&reference));
    assert!(
        old.iter().any(|(f, h)| new.get(f) != Some(h)),
        "the two builds must differ"
    );
    let mut replaced = 0;
    for fraction in [0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05] {
        let delay_ms = (whole * fraction * 1000.0) as u64;
        let mut child = build_cmd(&new_in, &out).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = hashes(&out);
        for (file, hash) in &now {
            let ok = old.get(file) == Some(hash) || new.get(file) == Some(hash);
            assert!(
                ok,
                "{file} is neither the earlier nor the new version after a kill at {delay_ms} ms"
            );
        }
        for file in old.keys() {
            assert!(
                now.contains_key(file),
                "{file} vanished after a kill at {delay_ms} ms"
            );
        }
        replaced += now.iter().filter(|(f, h)| old.get(*f) != Some(*h)).count();
        // Put the earlier build back for the next round.
        assert!(build_cmd(&old_in, &out).status().unwrap().success());
    }
    assert!(
        replaced > 0,
        "no kill landed after a file was replaced: the test did not test anything"
    );
}

#[test]
fn a_rebuild_leaves_unchanged_files_alone_and_replaces_changed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(build_cmd(&samples(), &out).status().unwrap().success());
    let first = hashes(&out);
    // Date two outputs back; damage one of them.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let style = out.join("web/style.css");
    let booklet = out.join("booklet.pdf");
    for p in [&style, &booklet] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let mut damaged = std::fs::read(&booklet).unwrap();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0xff;
    std::fs::write(&booklet, &damaged).unwrap();
    assert!(build_cmd(&samples(), &out).status().unwrap().success());
    assert_eq!(
        hashes(&out),
        first,
        "every file as the first build wrote it"
    );
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    assert_eq!(mtime(&style), old, "an unchanged file is not rewritten");
    assert!(mtime(&booklet) > old, "a changed file is replaced");
}
