//! Department text that could escape a folder or run as a formula: a 部名 of
//! `../総務/部` gives a safe file name inside `departments/` and `next-year/`, and
//! texts starting with `=`, `+`, `-` or `@` read back as the same text, not formulas.

mod common;
use common::*;

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

const HYPERLINK: &str = "=HYPERLINK(\"https://example.com\",\"見る\")";

fn build(input: &Path, out: &Path) {
    let o = hoshin()
        .args([
            "build",
            "-q",
            "--only",
            "summary,departments,next-year",
            "-o",
        ])
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", "1049155200")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir`, relative to it.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

fn tricky() -> (tempfile::TempDir, tempfile::TempDir) {
    let input = tempfile::tempdir().unwrap();
    Book::department("../総務/部", 1, "令和7年度")
        .set("個別事業", "B2", S(HYPERLINK.into()))
        .set("基本情報", "B4", T("+市民の声を聞く"))
        .set("使命・目標", "B2", T("@すべての部で"))
        .set("目標指標", "B2", T("-削減した件数"))
        .write(&input.path().join("総務.xlsx"));
    write_config(input.path());
    let out = tempfile::tempdir().unwrap();
    build(input.path(), out.path());
    (input, out)
}

#[test]
fn unsafe_department_name_gives_a_safe_file_name() {
    let (_input, out) = tricky();
    assert_eq!(
        files(out.path()),
        [
            // The output folder's lock (empty once the build is done).
            ".hoshin.lock",
            "check-report.xlsx",
            "departments/_総務_部.xlsx",
            "manifest.json",
            "next-year/_総務_部.xlsx",
            "next-year/hoshin.toml",
            "summary.xlsx"
        ]
    );
    // Nothing was written beside or above the output folder.
    let parent = out.path().parent().unwrap();
    assert!(!parent.join("総務").exists());
}

#[test]
fn formula_like_text_reads_back_as_text() {
    let (_input, out) = tricky();
    let summary = out.path().join("summary.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&summary).unwrap();
    let projects = wb.worksheet_range("個別事業一覧").unwrap();
    assert_eq!(
        projects.get_value((1, 2)),
        Some(&Data::String(HYPERLINK.into()))
    );
    let departments = wb.worksheet_range("部別一覧").unwrap();
    assert_eq!(
        departments.get_value((1, 0)),
        Some(&Data::String("../総務/部".into()))
    );
    assert_eq!(
        departments.get_value((1, 1)),
        Some(&Data::String("+市民の声を聞く".into()))
    );
    let indicators = wb.worksheet_range("目標指標一覧").unwrap();
    assert_eq!(
        indicators.get_value((1, 3)),
        Some(&Data::String("-削減した件数".into()))
    );
    // No cell of these sheets holds a formula but the total row's.
    for name in ["個別事業一覧", "目標指標一覧"] {
        let f = wb.worksheet_formula(name).unwrap();
        assert!(
            f.cells().all(|(_, _, v)| v.is_empty()),
            "{name}: {:?}",
            f.cells().filter(|c| !c.2.is_empty()).collect::<Vec<_>>()
        );
    }
    // (calamine's cells() counts rows from the range's first row.)
    let f = wb.worksheet_formula("部別一覧").unwrap();
    let first = f.start().map_or(0, |s| s.0 as usize);
    assert!(
        f.cells().all(|(r, _, v)| v.is_empty() || first + r == 2),
        "{f:?}"
    );

    let book = out.path().join("departments/_総務_部.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let p = wb.worksheet_range("事業と指標").unwrap();
    assert_eq!(p.get_value((1, 1)), Some(&Data::String(HYPERLINK.into())));
    let o = wb.worksheet_range("概要").unwrap();
    assert!(o
        .cells()
        .any(|(_, _, v)| v == &Data::String("@すべての部で".into())));
    let f = wb.worksheet_formula("事業と指標").unwrap();
    assert!(f.cells().all(|(_, _, v)| v.is_empty()));

    // Next year's workbook keeps the text as text too.
    let next = out.path().join("next-year/_総務_部.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&next).unwrap();
    let p = wb.worksheet_range("個別事業").unwrap();
    assert!(p
        .cells()
        .any(|(_, _, v)| v == &Data::String(HYPERLINK.into())));
}
