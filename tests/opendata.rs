//! `opendata/` made by the binary and read from outside: `frictionless validate`
//! (PyPI `frictionless`, installed by `.ci/run`) finds the package valid, foreign keys
//! included, for the samples and for 200 generated departments, and finds a broken
//! key; the CSVs read back give the totals of `summary.xlsx`; the workbook holds the
//! same values; the 地方公共団体コード is checked.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use common::{build_samples, copy_dir, hoshin, samples};
use hoshin::render::opendata::TABLES;

/// `opendata` and `summary` of the samples, built once.
fn built() -> &'static Path {
    static B: OnceLock<tempfile::TempDir> = OnceLock::new();
    B.get_or_init(|| build_samples("opendata,summary")).path()
}

/// The `frictionless` command: `$FRICTIONLESS`, else the virtual environment that
/// `.ci/run` makes in `target/frictionless`, else the one on `PATH`.
fn frictionless() -> PathBuf {
    if let Some(p) = std::env::var_os("FRICTIONLESS") {
        return p.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/frictionless/bin/frictionless");
    if venv.is_file() {
        venv
    } else {
        "frictionless".into()
    }
}

/// `frictionless validate --json PACKAGE`: the report.
fn validate(package: &Path) -> serde_json::Value {
    let out = Command::new(frictionless())
        .args(["validate", "--json"])
        .arg(package)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "frictionless cannot run ({e}): run .ci/run, or `python3 -m venv target/frictionless && target/frictionless/bin/pip install frictionless`"
            )
        });
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Rows per resource of a valid report; panics with every error otherwise.
fn assert_valid(report: &serde_json::Value) -> BTreeMap<String, u64> {
    let errors: Vec<String> = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["errors"].as_array().unwrap().iter())
        .map(|e| format!("{}: {}", e["type"], e["message"]))
        .chain(
            report["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| e.to_string()),
        )
        .collect();
    assert_eq!(report["valid"], true, "{errors:#?}");
    assert!(errors.is_empty(), "{errors:#?}");
    report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t["stats"]["rows"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A CSV of hoshin's: checks the BOM and CRLF, returns the header and the rows as
/// header → cell maps.
fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or_else(|| panic!("{} has no UTF-8 BOM", path.display()));
    assert!(body.ends_with(b"\r\n"), "{}", path.display());
    let mut r = csv::ReaderBuilder::new().from_reader(body);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut rows = Vec::new();
    // CRLF and LF inside quoted text.
    let (mut inner_crlf, mut inner_lf) = (0, 0);
    for rec in r.records() {
        let rec = rec.unwrap();
        assert_eq!(rec.len(), header.len(), "{}", path.display());
        for f in rec.iter() {
            inner_crlf += f.matches("\r\n").count();
            inner_lf += f.matches('\n').count();
        }
        rows.push(
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect(),
        );
    }
    // Every line ends in CRLF; a lone LF only inside quoted text.
    let text = std::str::from_utf8(body).unwrap();
    let crlf = text.matches("\r\n").count();
    assert_eq!(crlf, rows.len() + 1 + inner_crlf, "{}", path.display());
    assert_eq!(
        text.matches('\n').count() - crlf,
        inner_lf - inner_crlf,
        "{}",
        path.display()
    );
    (header, rows)
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("not an unformatted number: {s:?}"))
}

fn cell_num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not a text: {other:?}"),
    }
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

#[test]
fn frictionless_finds_the_samples_package_valid() {
    let rows = assert_valid(&validate(&built().join("opendata/datapackage.json")));
    assert_eq!(rows.keys().cloned().collect::<Vec<_>>().len(), 8);
    // The seed's city: 8 departments, 56 projects, 80 indicators (README).
    assert_eq!(rows["departments"], 8);
    assert_eq!(rows["projects"], 56);
    assert_eq!(rows["indicators"], 80);
    for t in TABLES {
        assert!(rows[t] > 0, "{t}: {rows:?}");
    }
}

/// Runs `cmd`; panics with its messages unless it succeeds.
fn succeed(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
}

#[test]
fn frictionless_finds_a_200_department_package_valid() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    succeed(
        hoshin()
            .args(["sample", "--departments", "200", "--projects", "20", "-o"])
            .arg(&input),
    );
    std::fs::write(
        input.join("hoshin.toml"),
        "city = \"三鷹市\"\nissuer = \"企画経営室行政評価担当\"\n[opendata]\nmunicipality_code = \"132047\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    succeed(
        hoshin()
            .args(["build", "-q", "--only", "opendata", "-o"])
            .arg(&out)
            .arg(&input),
    );
    let rows = assert_valid(&validate(&out.join("opendata/datapackage.json")));
    assert_eq!(rows["departments"], 200);
    assert_eq!(rows["projects"], 200 * 20);
    assert!(rows["indicators"] >= 200 * 20, "{rows:?}");
}

/// Rewrites `file` of a copy of the package with `edit`, and its size and hash in
/// `datapackage.json`, so that only the edit can make it invalid.
fn edited_package(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&built().join("opendata"), dir.path());
    let path = dir.path().join(file);
    let text = edit(&std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &text).unwrap();
    let pkg_path = dir.path().join("datapackage.json");
    let mut pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&pkg_path).unwrap()).unwrap();
    for r in pkg["resources"].as_array_mut().unwrap() {
        if r["path"] == file {
            use sha2::Digest;
            let hash: String = sha2::Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            r["bytes"] = text.len().into();
            r["hash"] = format!("sha256:{hash}").into();
        }
    }
    std::fs::write(&pkg_path, serde_json::to_vec(&pkg).unwrap()).unwrap();
    dir
}

fn error_types(report: &serde_json::Value) -> Vec<String> {
    report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["errors"].as_array().unwrap().iter())
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn frictionless_checks_the_keys_the_schema_declares() {
    // An indicator of a project that does not exist: indicators → projects.
    let dir = edited_package("indicators.csv", |t| {
        let mut lines: Vec<String> = t.split("\r\n").map(String::from).collect();
        let cells: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(cells[3], "企画部", "{}", lines[1]);
        let mut changed: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        changed[4] = "999".into(); // 事業番号
        lines[1] = changed.join(",");
        lines.join("\r\n")
    });
    let report = validate(&dir.path().join("datapackage.json"));
    assert_eq!(report["valid"], false);
    assert_eq!(error_types(&report), ["foreign-key"]);
    // A project of an unknown department: projects → departments.
    let dir = edited_package("projects.csv", |t| t.replacen(",企画部,", ",企画局,", 1));
    let report = validate(&dir.path().join("datapackage.json"));
    assert!(
        error_types(&report).contains(&"foreign-key".to_string()),
        "{report}"
    );
    // A department twice: the primary key.
    let dir = edited_package("departments.csv", |t| {
        let second = t.split("\r\n").nth(1).unwrap().to_string();
        format!("{t}{second}\r\n")
    });
    let report = validate(&dir.path().join("datapackage.json"));
    assert!(
        error_types(&report).contains(&"primary-key".to_string()),
        "{report}"
    );
}

#[test]
fn csv_totals_equal_the_summary_workbook() {
    let summary = sheet(&built().join("summary.xlsx"), "部別一覧");
    let head: Vec<String> = (0..summary.width())
        .map(|c| cell_text(&summary[(0, c)]))
        .collect();
    let col = |h: &str| {
        head.iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h}"))
    };
    let (_, departments) = read_csv(&built().join("opendata/departments.csv"));
    let n = departments.len();
    assert_eq!(n, 8);
    let total_row = n + 1;
    assert_eq!(cell_text(&summary[(total_row, 0)]), "合計");
    // (summary column, departments.csv column)
    let pairs = [
        ("職員数（人）", "職員数（人）"),
        ("予算（千円）", "予算（千円）"),
        ("事業数", "事業数（件）"),
        ("指標数", "指標数（件）"),
        ("実績入力済み", "実績入力済み指標数（件）"),
        ("達成", "達成（件）"),
        ("概ね達成", "概ね達成（件）"),
        ("未達成", "未達成（件）"),
        ("未着手", "未着手（件）"),
        ("状況未記入", "状況未記入（件）"),
    ];
    // Row by row, in the same order.
    for (i, d) in departments.iter().enumerate() {
        assert_eq!(cell_text(&summary[(i + 1, 0)]), d["部名"]);
        for (s, c) in pairs {
            assert_eq!(
                cell_num(&summary[(i + 1, col(s))]),
                num(&d[c]),
                "{} {c}",
                d["部名"]
            );
        }
        let rate = &summary[(i + 1, col("平均達成率"))];
        match rate {
            Data::Empty => assert_eq!(d["平均達成率（％）"], ""),
            r => assert!((cell_num(r) * 100.0 - num(&d["平均達成率（％）"])).abs() <= 0.05),
        }
    }
    let total = |s: &str| cell_num(&summary[(total_row, col(s))]);
    let close = |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-6, "{what}: {a} ≠ {b}");
    for (s, c) in pairs {
        let sum: f64 = departments.iter().map(|d| num(&d[c])).sum();
        close(sum, total(s), c);
    }
    // The detail tables give the same totals.
    let (_, staff) = read_csv(&built().join("opendata/staff.csv"));
    close(
        staff.iter().map(|r| num(&r["人数（人）"])).sum(),
        total("職員数（人）"),
        "staff.csv",
    );
    let (_, budget) = read_csv(&built().join("opendata/budget.csv"));
    close(
        budget.iter().map(|r| num(&r["金額（千円）"])).sum(),
        total("予算（千円）"),
        "budget.csv",
    );
    let (_, projects) = read_csv(&built().join("opendata/projects.csv"));
    close(projects.len() as f64, total("事業数"), "projects.csv");
    let (_, indicators) = read_csv(&built().join("opendata/indicators.csv"));
    close(indicators.len() as f64, total("指標数"), "indicators.csv");
    for (status, s) in [
        ("達成", "達成"),
        ("概ね達成", "概ね達成"),
        ("未達成", "未達成"),
        ("未着手", "未着手"),
        ("", "状況未記入"),
    ] {
        let count = indicators
            .iter()
            .filter(|r| r["達成状況"] == status)
            .count();
        close(count as f64, total(s), s);
    }
    assert!(
        total("達成") > 0.0 && total("未達成") > 0.0,
        "the samples have both"
    );
    let with_actual = indicators
        .iter()
        .filter(|r| !r["実績値"].is_empty() || !r["実績値（文章）"].is_empty())
        .count();
    close(with_actual as f64, total("実績入力済み"), "実績値");
}

#[test]
fn every_row_carries_year_code_and_department() {
    for t in TABLES {
        let (header, rows) = read_csv(&built().join(format!("opendata/{t}.csv")));
        assert_eq!(
            header[..4],
            ["年度", "地方公共団体コード", "地方公共団体名", "部名"],
            "{t}"
        );
        for r in &rows {
            assert_eq!(r["年度"], "2003", "{t}");
            assert_eq!(r["地方公共団体コード"], "132047", "{t}");
            assert_eq!(r["地方公共団体名"], "三鷹市", "{t}");
            assert!(!r["部名"].is_empty(), "{t}");
        }
    }
}

#[test]
fn deadlines_in_wareki_and_western_numbers_unformatted() {
    let (_, rows) = read_csv(&built().join("opendata/indicators.csv"));
    // 期限 平成15年度末 → 2004-03-31, fiscal year 2003.
    let end = rows
        .iter()
        .find(|r| r["期限（和暦）"] == "平成15年度末")
        .expect("a 年度末 deadline in the samples");
    assert_eq!(end["期限（年月日）"], "2004-03-31");
    assert_eq!(end["期限（年度）"], "2003");
    for r in &rows {
        if !r["期限（和暦）"].is_empty() {
            let y = num(&r["期限（年度）"]);
            assert!((1989.0..2100.0).contains(&y), "{r:?}");
        }
        for c in ["基準値", "目標値", "実績値", "達成率（％）"] {
            if !r[c].is_empty() {
                num(&r[c]); // no separators, no units
            }
        }
        // A value is in its number column or in the text column beside it, not both.
        for c in ["基準値", "目標値", "実績値"] {
            assert!(
                r[c].is_empty() || r[&format!("{c}（文章）")].is_empty(),
                "{r:?}"
            );
        }
    }
    // 企画部's 事業評価の対象事業数: target 200, actual 204 → 102.0 %.
    let row = rows
        .iter()
        .find(|r| r["指標名"] == "事業評価の対象事業数")
        .unwrap();
    assert_eq!(
        (row["目標値"].as_str(), row["実績値"].as_str()),
        ("200", "204")
    );
    assert_eq!(row["達成率（％）"], "102");
    assert_eq!(row["達成状況"], "達成");
}

#[test]
fn the_workbook_holds_the_same_tables_without_merges() {
    let path = built().join("opendata/opendata.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "部別一覧",
            "使命・目標",
            "各課の役割",
            "職員数",
            "予算",
            "実施方針",
            "個別事業",
            "目標指標"
        ]
    );
    for (t, name) in TABLES.iter().zip(&names) {
        let range = wb.worksheet_range(name).unwrap();
        let (header, rows) = read_csv(&built().join(format!("opendata/{t}.csv")));
        assert_eq!(range.height(), rows.len() + 1, "{name}");
        for (c, h) in header.iter().enumerate() {
            assert_eq!(cell_text(&range[(0, c)]), *h, "{name}");
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, h) in header.iter().enumerate() {
                let cell = &range[(r + 1, c)];
                let csv = &row[h];
                match cell {
                    Data::Float(_) | Data::Int(_) => {
                        assert_eq!(cell_num(cell), num(csv), "{name} {h}")
                    }
                    Data::DateTime(d) => {
                        let d = hoshin::model::Date::from_excel_serial(d.as_f64()).unwrap();
                        let iso = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
                        assert_eq!(iso, *csv, "{name} {h}");
                    }
                    _ => assert_eq!(cell_text(cell), *csv, "{name} {h}"),
                }
            }
        }
    }
    let mut z = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        if name.starts_with("xl/worksheets/") {
            let mut xml = String::new();
            f.read_to_string(&mut xml).unwrap();
            assert!(!xml.contains("<mergeCell"), "{name}");
            assert!(!xml.contains("conditionalFormatting"), "{name}");
        }
    }
}

#[test]
fn the_package_states_licence_source_and_keys() {
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(built().join("opendata/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(pkg["licenses"][0]["name"], "CC-BY-4.0");
    assert!(pkg["title"].as_str().unwrap().contains("三鷹市"));
    assert!(pkg["sources"][0]["title"]
        .as_str()
        .unwrap()
        .contains("平成15年度"));
    let res = pkg["resources"].as_array().unwrap();
    let names: Vec<&str> = res.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, TABLES);
    let fk = |name: &str| {
        res.iter().find(|r| r["name"] == name).unwrap()["schema"]["foreignKeys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["reference"]["resource"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(fk("indicators"), ["projects"]);
    assert!(fk("projects").contains(&"departments".to_string()));
    let units: Vec<&str> = res[0]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["unit"].as_str())
        .collect();
    assert!(
        units.contains(&"千円") && units.contains(&"人"),
        "{units:?}"
    );
}

#[test]
fn builds_are_byte_identical_and_in_the_manifest() {
    let again = build_samples("opendata,summary");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(again.path().join("manifest.json")).unwrap())
            .unwrap();
    let listed: Vec<&str> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .filter(|f| f.starts_with("opendata/"))
        .collect();
    let mut want: Vec<String> = TABLES.iter().map(|t| format!("opendata/{t}.csv")).collect();
    want.extend([
        "opendata/datapackage.json".into(),
        "opendata/opendata.xlsx".into(),
    ]);
    want.sort();
    assert_eq!(listed, want);
    for f in &want {
        assert_eq!(
            std::fs::read(built().join(f)).unwrap(),
            std::fs::read(again.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

/// `hoshin build` of the samples with `[opendata]` replaced by `section`.
fn build_with(section: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&samples(), &input);
    let cfg = std::fs::read_to_string(input.join("hoshin.toml")).unwrap();
    let cfg = cfg.split("[opendata]").next().unwrap().to_string() + section;
    std::fs::write(input.join("hoshin.toml"), cfg).unwrap();
    let out = hoshin()
        .args(["build", "--only", "opendata", "-o"])
        .arg(dir.path().join("out"))
        .arg(&input)
        .output()
        .unwrap();
    (out, dir)
}

#[test]
fn a_wrong_check_digit_is_a_configuration_error() {
    let (out, dir) = build_with("[opendata]\nmunicipality_code = \"132048\"\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("検査数字") && err.contains("132047"), "{err}");
    assert!(err.contains("行目"), "names the line: {err}");
    assert!(!dir.path().join("out/opendata").exists());
    let (out, _) = build_with("[opendata]\nmunicipality_code = \"13204\"\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("「132047」"));
}

#[test]
fn without_a_code_the_data_is_written_with_a_warning() {
    let (out, dir) = build_with("");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A warning of the settings, with the check's (not shown under -q).
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("警告") && said.contains("municipality_code"),
        "{said}"
    );
    let (_, rows) = read_csv(&dir.path().join("out/opendata/indicators.csv"));
    assert!(rows.iter().all(|r| r["地方公共団体コード"].is_empty()));
    let rows = assert_valid(&validate(&dir.path().join("out/opendata/datapackage.json")));
    assert_eq!(rows["departments"], 8);
}
