//! Issue 11: real workbooks (openpyxl, LibreOffice .ods/.xls; tests/fixtures/real_*,
//! made by make_real_fixtures.py) and a planning office's everyday mistakes, all
//! through the binary.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{open_workbook, Data, Reader, Xlsx};

/// A fresh folder holding `fixtures` (copied) and a hoshin.toml.
fn folder(fixtures: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in fixtures {
        std::fs::copy(common::fixtures().join(f), dir.path().join(f)).unwrap();
    }
    write_config(dir.path());
    dir
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    let mut c = hoshin();
    c.args(args).env("SOURCE_DATE_EPOCH", "1049155200");
    for p in paths {
        c.arg(p);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn codes_at(p: &[P]) -> Vec<(String, String)> {
    let mut v: Vec<_> = p
        .iter()
        .map(|p| {
            (
                p.code.clone(),
                format!(
                    "{}!{}",
                    p.sheet.clone().unwrap_or_default(),
                    p.cell.clone().unwrap_or_default()
                ),
            )
        })
        .collect();
    v.sort();
    v
}

fn pair(code: &str, at: &str) -> (String, String) {
    (code.to_string(), at.to_string())
}

#[test]
fn deadlines_as_written_are_read_and_printed_in_one_style() {
    let dir = folder(&["real_deadlines.xlsx"]);
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 0, "{p:#?}");
    assert_eq!(
        codes_at(&p),
        vec![
            pair("N220", "目標指標!D2"),
            pair("N220", "目標指標!D5"),
            pair("W225", "目標指標!G9"),
        ]
    );
    let w = p.iter().find(|p| p.code == "W225").unwrap();
    assert!(w.message.contains("「随時」"), "{}", w.message);
    // Published: 期限 in one style, 随時 as written, 6万 as 60000.
    let out = tempfile::tempdir().unwrap();
    let o = run(
        &["build", "-q", "--only", "summary,web", "-o"],
        &[out.path(), dir.path()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let mut wb: Xlsx<_> = open_workbook(out.path().join("summary.xlsx")).unwrap();
    let r = wb.worksheet_range("目標指標一覧").unwrap();
    let header = header_row(&r);
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (c_name, c_deadline, c_target) = (col("指標名"), col("期限"), col("目標値"));
    let row = |name: &str| {
        r.rows()
            .find(|row| row[c_name].to_string() == name)
            .unwrap_or_else(|| panic!("{name}"))
            .to_vec()
    };
    let deadline = |name: &str| row(name)[c_deadline].to_string();
    assert_eq!(deadline("町会・自治会加入率"), "令和8年9月末");
    assert_eq!(
        deadline("窓口の平均待ち時間"),
        "令和7年度末",
        "年度末 takes the workbook's 年度"
    );
    assert_eq!(deadline("コンビニ交付による証明書発行件数"), "平成15年10月");
    assert_eq!(
        deadline("証明書発行に占めるコンビニ交付の割合"),
        "令和8年3月末"
    );
    assert_eq!(deadline("マイナンバーカード交付件数"), "平成15年度中");
    assert_eq!(deadline("コンビニ交付の周知回数"), "令和8年度まで");
    assert_eq!(deadline("予約システムの利用件数"), "令和7年度上半期");
    assert_eq!(deadline("窓口アンケートの満足度"), "随時");
    assert_eq!(deadline("加入案内の配布数"), "平成16年1月");
    assert_eq!(
        row("コンビニ交付による証明書発行件数")[c_target],
        Data::Float(60000.0),
        "6万 is a number"
    );
    // The qualifiers are printed with their numbers.
    let html = std::fs::read_to_string(out.path().join("web/indicators.html")).unwrap();
    assert!(html.contains("約55%"), "約55 printed with 約");
    assert!(html.contains("35%以上"), "35%以上 printed with 以上");
}

#[test]
fn two_unrelated_cell_problems_in_one_libreoffice_ods_both_show() {
    let dir = folder(&["real_cell_errors.ods"]);
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        codes_at(&p),
        vec![pair("E214", "個別事業!A4"), pair("E216", "目標指標!I2")],
        "a bad 達成状況 must not hide the project without indicators"
    );
    let o = run(&["check"], &[dir.path()]);
    let out = text(&o);
    assert!(
        out.contains("real_cell_errors.ods — 市民部（事業 3・指標 2）"),
        "counts are what the workbook holds: {out}"
    );
    assert!(
        out.contains("1 部・事業 3・指標 2 — エラー 2・警告 0"),
        "{out}"
    );
}

#[test]
fn header_and_sheet_errors_hide_nothing_in_a_libreoffice_xls() {
    let dir = folder(&["real_header_errors.xls"]);
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        codes_at(&p),
        vec![
            pair("E101", "!"),
            pair("E102", "個別事業!B1"),
            pair("E215", "目標指標!F3"),
            pair("W223", "目標指標!D4"),
        ]
    );
    let msg = |c: &str| p.iter().find(|p| p.code == c).unwrap().message.clone();
    assert!(
        msg("E102").contains("見出しを「事業名」に直して") && msg("E102").contains("「事業名称」"),
        "{}",
        msg("E102")
    );
    assert!(
        msg("E101").contains("シート名を「各課の役割」に変えて")
            && msg("E101").contains("「各課の役割(修正)」"),
        "{}",
        msg("E101")
    );
    let o = run(&["check"], &[dir.path()]);
    assert!(
        text(&o).contains("市民部（事業 3・指標 4）"),
        "{}",
        text(&o)
    );
}

#[test]
fn units_contradicting_the_column_are_errors() {
    let dir = folder(&["real_scale.xlsx"]);
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        codes_at(&p),
        vec![pair("E219", "予算!B2"), pair("E219", "職員数!B2")]
    );
    let budget = p
        .iter()
        .find(|p| p.sheet.as_deref() == Some("予算"))
        .unwrap();
    assert!(budget.message.contains("「3,184.6」"), "{}", budget.message);
}

#[test]
fn gaiji_is_named_with_its_code_point_and_cell() {
    let dir = folder(&["real_gaiji.xlsx"]);
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 1);
    let e = only_in(&p, "E204", "個別事業", "D2");
    assert!(e.message.contains("外字（U+E000"), "{}", e.message);
}

fn only_in(p: &[P], code: &str, sheet: &str, cell: &str) -> P {
    let r = real(p);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(
        (
            r[0].code.as_str(),
            r[0].sheet.as_deref(),
            r[0].cell.as_deref()
        ),
        (code, Some(sheet), Some(cell))
    );
    r[0].clone()
}

#[test]
fn duplicate_files_name_the_newer_one() {
    let dir = folder(&[]);
    let old = dir.path().join("市民部.ods");
    let new = dir.path().join("市民部 (2).ods");
    std::fs::copy(fixtures().join("lo_valid.ods"), &old).unwrap();
    std::fs::copy(fixtures().join("lo_valid.ods"), &new).unwrap();
    let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    let f = std::fs::File::options().write(true).open(&old).unwrap();
    f.set_modified(t).unwrap();
    let f = std::fs::File::options().write(true).open(&new).unwrap();
    f.set_modified(t + std::time::Duration::from_secs(3600))
        .unwrap();
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 1);
    let e302: Vec<&P> = p.iter().filter(|p| p.code == "E302").collect();
    assert_eq!(e302.len(), 2);
    let on_old = e302.iter().find(|p| p.file == "市民部.ods").unwrap();
    assert!(
        on_old
            .message
            .contains("新しい方（更新日時が後）は 市民部 (2).ods です"),
        "{}",
        on_old.message
    );
    let on_new = e302.iter().find(|p| p.file == "市民部 (2).ods").unwrap();
    assert!(
        on_new.message.contains("こちらが新しい方") && on_new.message.contains("市民部.ods"),
        "{}",
        on_new.message
    );
}

/// The sample city without 水道部's workbook.
fn samples_without_water() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&samples(), &input);
    std::fs::remove_file(input.join("水道部.xlsx")).unwrap();
    (dir, input)
}

#[test]
fn a_department_that_did_not_submit_warns_in_check_and_stops_build() {
    let (dir, input) = samples_without_water();
    let (code, p) = check_json(&input);
    assert_eq!(code, 0);
    assert_eq!(
        codes_at(&real(&p).into_iter().cloned().collect::<Vec<_>>()),
        vec![pair("W304", "!")]
    );
    assert!(p
        .iter()
        .any(|p| p.code == "W304" && p.message.contains("「水道部」")));
    let out = dir.path().join("out");
    let o = run(&["build", "--only", "summary", "-o"], &[&out, &input]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("E304"), "{}", text(&o));
    assert!(!out.join("summary.xlsx").exists());
    let o = run(
        &["build", "-q", "--allow-missing", "--only", "summary", "-o"],
        &[&out, &input],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(out.join("summary.xlsx").is_file());
}

#[test]
fn build_refuses_the_placeholder_city() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixtures().join("lo_valid.ods"), input.join("市民部.ods")).unwrap();
    let out = dir.path().join("out");
    let o = run(&["build", "--only", "summary", "-o"], &[&out, &input]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = text(&o);
    assert!(
        err.contains("city") && err.contains("hoshin.toml") && err.contains("--config"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    write_config(&input);
    let o = run(&["build", "-q", "--only", "summary", "-o"], &[&out, &input]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn build_refuses_an_output_folder_inside_the_input() {
    let dir = folder(&["lo_valid.ods"]);
    for out in [dir.path().to_path_buf(), dir.path().join("公表物")] {
        let o = run(&["build", "--only", "summary", "-o"], &[&out, dir.path()]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains("入力フォルダ"), "{}", text(&o));
    }
    assert!(!dir.path().join("公表物").exists());
    assert!(!dir.path().join("summary.xlsx").exists());
}

#[test]
fn check_skips_what_a_hoshin_build_wrote() {
    let built = build_samples("summary");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&samples(), dir.path());
    for f in ["summary.xlsx", "check-report.xlsx", "manifest.json"] {
        std::fs::copy(built.path().join(f), dir.path().join(f)).unwrap();
    }
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 0, "{:#?}", real(&p));
    assert!(real(&p).is_empty(), "{:#?}", real(&p));
    let skipped: Vec<&str> = p
        .iter()
        .filter(|p| p.code == "N001" && p.message.contains("manifest.json"))
        .map(|p| p.file.as_str())
        .collect();
    assert_eq!(skipped, ["check-report.xlsx", "summary.xlsx"]);
}

#[test]
fn template_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "template",
        "--year",
        "令和8",
        "--departments",
        "企画部",
        "-o",
    ];
    let o = run(&args, &[dir.path()]);
    assert!(o.status.success(), "{}", text(&o));
    let file = dir.path().join("企画部.xlsx");
    std::fs::write(&file, b"edited by the department").unwrap();
    let o = run(&args, &[dir.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("企画部.xlsx") && text(&o).contains("--force"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"edited by the department");
    let o = run(&[&args[..5], &["--force", "-o"]].concat(), &[dir.path()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
}

#[test]
fn template_from_carries_the_settings_and_flags_past_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("next");
    let o = run(&["template", "--from"], &[&samples()]);
    assert_eq!(o.status.code(), Some(2), "-o is required: {}", text(&o));
    let o = hoshin()
        .args(["template", "-o"])
        .arg(&next)
        .arg("--from")
        .arg(samples())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let cfg = std::fs::read_to_string(next.join("hoshin.toml")).unwrap();
    assert!(cfg.contains("city = \"三鷹市\""), "{cfg}");
    // samples are 平成15年度: a 期限 of 平成15年度末 is past for 平成16年度.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.lines()
            .any(|l| l.contains("W226") && l.contains("平成15年度末") && l.contains("平成16年度")),
        "{err}"
    );
    // The new folder builds with the city, not the placeholder.
    let out = dir.path().join("out");
    let o = run(&["build", "-q", "--only", "summary", "-o"], &[&out, &next]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn quiet_prints_errors_only() {
    // 市民部 with warnings and notes, 生活環境部 with two errors (E205).
    let dir = folder(&["real_deadlines.xlsx", "openpyxl_nocache.xlsx"]);
    let o = run(&["check", "-q"], &[dir.path()]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert_eq!(out.matches("エラー E205").count(), 2, "{out}");
    assert!(!out.contains("W225") && !out.contains("N220"), "{out}");
    assert!(
        !out.contains("real_deadlines.xlsx"),
        "a file without errors is not listed: {out}"
    );
    let built = tempfile::tempdir().unwrap();
    let o = run(
        &["build", "-q", "--only", "summary", "-o"],
        &[built.path(), dir.path()],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(
        out.contains("エラー E205") && !out.contains("W225"),
        "{out}"
    );
    // Without errors, -q prints nothing.
    let dir = folder(&["real_deadlines.xlsx"]);
    let o = run(
        &["build", "-q", "--only", "summary", "-o"],
        &[built.path(), dir.path()],
    );
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
}

#[test]
fn messages_are_japanese_end_to_end() {
    // A workbook cut off while copying: a zip without its end.
    let dir = folder(&[]);
    let whole = std::fs::read(fixtures().join("real_scale.xlsx")).unwrap();
    std::fs::write(dir.path().join("総務部.xlsx"), &whole[..whole.len() / 2]).unwrap();
    let (_, p) = check_json(dir.path());
    let e = p.iter().find(|p| p.code == "E002").unwrap();
    assert!(
        e.message
            .starts_with("表計算のファイルとして読めません: ZIP の終わりが見つかりません"),
        "{}",
        e.message
    );
    // No workbooks: E006 names the folder, not `.`.
    let empty = tempfile::tempdir().unwrap();
    let (_, p) = check_json(empty.path());
    assert_eq!(p[0].file, empty.path().display().to_string());
    // An OS error says what happened in Japanese, the system's text in parentheses.
    let file = dir.path().join("送付用");
    std::fs::write(&file, b"").unwrap();
    let o = run(&["template", "--year", "2026", "-o"], &[&file]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        text(&o).contains("すでに同じ名前のファイルがあります（File exists"),
        "{}",
        text(&o)
    );
    // A file given as the folder.
    let o = run(&["check"], &[&fixtures().join("lo_valid.ods")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("フォルダではなくファイルです"),
        "{}",
        text(&o)
    );
}

#[test]
fn help_and_usage_errors_are_japanese() {
    for cmd in [&[][..], &["check"], &["build"], &["template"], &["sample"]] {
        let o = run(&[cmd, &["--help"]].concat(), &[]);
        assert!(o.status.success());
        let help = text(&o);
        assert!(help.contains("使い方: hoshin"), "{help}");
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Print help",
            "[default",
            "possible values",
        ] {
            assert!(!help.contains(english), "{english} in {cmd:?}: {help}");
        }
    }
    let cases: [(&[&str], &str); 4] = [
        (&["check"], "必要な引数が指定されていません"),
        (&["chek", "x"], "「chek」というコマンドはありません"),
        (
            &["check", "--bogus", "x"],
            "「--bogus」というオプションはありません",
        ),
        (
            &["template", "-o", "x", "--year", "来年"],
            "「来年」を年度として読めません",
        ),
    ];
    for (args, want) in cases {
        let o = run(args, &[]);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("error:") && !err.contains("Usage"), "{err}");
    }
}

#[test]
fn sample_data_builds_with_its_own_city() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = run(
        &["sample", "--departments", "2", "--projects", "2", "-o"],
        &[&data],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = dir.path().join("out");
    let o = run(&["build", "-q", "--only", "summary", "-o"], &[&out, &data]);
    assert!(o.status.success(), "{}", text(&o));
    let cfg = std::fs::read_to_string(data.join("hoshin.toml")).unwrap();
    assert!(cfg.contains("city = \"見本市\""), "{cfg}");
}
