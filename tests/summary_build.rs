//! `summary.xlsx`, `departments/` and `next-year/` made from `samples/` by the binary,
//! read back with calamine (values) and zip (the XML): totals equal the inputs' sums,
//! every project and indicator appears once, next year's workbooks pass `check`,
//! the sheets have frozen headers, filters, print titles, charts and conditional
//! formats, and two builds give the same bytes.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::{Publication, Status};

const EPOCH: &str = "1049155200";
const ONLY: &str = "summary,departments,next-year";

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Runs `hoshin build INPUT -o OUT --only summary,departments,next-year`.
fn build(input: &Path, out: &Path) {
    let o = common::hoshin()
        .args(["build", "-q", "--only", ONLY, "-o"])
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The samples built once for all tests.
fn built() -> &'static Path {
    static B: OnceLock<tempfile::TempDir> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build(&samples(), dir.path());
        dir
    })
    .path()
}

fn publication() -> &'static Publication {
    static P: OnceLock<Publication> = OnceLock::new();
    P.get_or_init(|| {
        let (config, _) = Config::load(None, Some(&samples())).unwrap();
        let outcome = check_dir(&samples(), &config, &FontSet::default().coverage()).unwrap();
        outcome.publication(&config).expect("samples are clean")
    })
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// Cells of a sheet by absolute position (calamine's range may start later).
fn at(r: &Range<Data>, row: usize, col: usize) -> Data {
    r.get_value((row as u32, col as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => panic!("not a text: {other:?}"),
    }
}

/// Column index of a header in row `row`.
fn col(r: &Range<Data>, row: usize, header: &str) -> usize {
    (0..r.width() + r.start().map_or(0, |s| s.1 as usize))
        .find(|&c| text(&at(r, row, c)) == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

fn zip_text(path: &Path, part: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(part)
        .unwrap_or_else(|_| panic!("{part} missing in {}", path.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn zip_names(path: &Path) -> Vec<String> {
    let z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    z.file_names().map(|n| n.unwrap().into_owned()).collect()
}

fn summary() -> PathBuf {
    built().join("summary.xlsx")
}

#[test]
fn writes_summary_and_one_workbook_per_department() {
    let p = publication();
    assert_eq!(p.departments.len(), 8);
    assert!(summary().is_file());
    let names = hoshin::template::file_names(p.departments.iter().map(|d| d.name.as_str()));
    for folder in ["departments", "next-year"] {
        let mut found: Vec<String> = std::fs::read_dir(built().join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        found.sort();
        let mut want = names.clone();
        if folder == "next-year" {
            want.push("hoshin.toml".into()); // the settings go along
        }
        want.sort();
        assert_eq!(found, want, "{folder}");
    }
    let next = std::fs::read_to_string(built().join("next-year/hoshin.toml")).unwrap();
    let this = std::fs::read_to_string(samples().join("hoshin.toml")).unwrap();
    assert!(next.contains("city = \"三鷹市\""), "{next}");
    assert_eq!(next, hoshin::template::next_year_config(&this, p.year));
}

#[test]
fn department_rows_and_totals_equal_the_inputs() {
    let p = publication();
    let r = sheet(&summary(), "部別一覧");
    let c = |h| col(&r, 0, h);
    for (i, d) in p.departments.iter().enumerate() {
        let row = i + 1;
        assert_eq!(text(&at(&r, row, c("部名"))), d.name);
        assert_eq!(text(&at(&r, row, c("使命・目標（要約）"))), d.headline);
        assert_eq!(num(&at(&r, row, c("職員数（人）"))), d.staff_total());
        assert_eq!(num(&at(&r, row, c("予算（千円）"))), d.budget_total());
        assert_eq!(num(&at(&r, row, c("事業数"))), d.projects.len() as f64);
        assert_eq!(num(&at(&r, row, c("指標数"))), d.indicator_count() as f64);
        let actual = d.indicators().filter(|(_, i)| i.actual.is_some()).count();
        assert_eq!(num(&at(&r, row, c("実績入力済み"))), actual as f64);
        for s in Status::ALL {
            let n = d.indicators().filter(|(_, i)| i.status == Some(s)).count();
            assert_eq!(
                num(&at(&r, row, c(s.label()))),
                n as f64,
                "{} {}",
                d.name,
                s.label()
            );
        }
        let none = d.indicators().filter(|(_, i)| i.status.is_none()).count();
        assert_eq!(num(&at(&r, row, c("状況未記入"))), none as f64);
        let rates: Vec<f64> = d
            .indicators()
            .filter_map(|(_, i)| i.achievement_rate())
            .collect();
        let cell = at(&r, row, c("平均達成率"));
        if rates.is_empty() {
            assert_eq!(cell, Data::Empty);
        } else {
            let mean = rates.iter().sum::<f64>() / rates.len() as f64;
            assert!(
                (num(&cell) - mean).abs() < 1e-9,
                "{} {cell:?} {mean}",
                d.name
            );
        }
    }
    // The total row: SUM formulas whose cached results calamine reads.
    let total = p.departments.len() + 1;
    assert_eq!(text(&at(&r, total, 0)), "合計");
    let staff: f64 = p.departments.iter().map(|d| d.staff_total()).sum();
    let budget: f64 = p.departments.iter().map(|d| d.budget_total()).sum();
    assert_eq!(num(&at(&r, total, c("職員数（人）"))), staff);
    assert_eq!(num(&at(&r, total, c("予算（千円）"))), budget);
    assert_eq!(num(&at(&r, total, c("事業数"))), p.project_count() as f64);
    assert_eq!(num(&at(&r, total, c("指標数"))), p.indicator_count() as f64);
    let all: Vec<_> = p.departments.iter().flat_map(|d| d.indicators()).collect();
    for s in Status::ALL {
        let n = all.iter().filter(|(_, i)| i.status == Some(s)).count();
        assert_eq!(num(&at(&r, total, c(s.label()))), n as f64, "{}", s.label());
    }
    let mut wb: Xlsx<_> = open_workbook(summary()).unwrap();
    let f = wb.worksheet_formula("部別一覧").unwrap();
    let fc = f
        .get_value((total as u32, c("予算（千円）") as u32))
        .unwrap();
    assert_eq!(fc, &format!("SUM(D2:D{total})"));
}

#[test]
fn staff_and_budget_cross_table_adds_up() {
    let p = publication();
    let r = sheet(&summary(), "職員・予算");
    // Row 0: groups, row 1: headers.
    let staff_col = col(&r, 1, "職員計");
    let budget_col = col(&r, 1, "予算計");
    let mut by_label: BTreeMap<(bool, String), f64> = BTreeMap::new();
    for (i, d) in p.departments.iter().enumerate() {
        let row = i + 2;
        assert_eq!(text(&at(&r, row, 0)), d.name);
        assert_eq!(num(&at(&r, row, staff_col)), d.staff_total());
        assert_eq!(num(&at(&r, row, budget_col)), d.budget_total());
        for l in &d.staff {
            *by_label.entry((false, l.label.clone())).or_default() += l.value;
        }
        for l in &d.budget {
            *by_label.entry((true, l.label.clone())).or_default() += l.value;
        }
    }
    let total = p.departments.len() + 2;
    assert_eq!(text(&at(&r, total, 0)), "合計");
    for ((is_budget, label), sum) in by_label {
        let c = (1..=budget_col)
            .find(|&c| text(&at(&r, 1, c)) == label && (c > staff_col) == is_budget)
            .unwrap_or_else(|| panic!("no column {label}"));
        assert_eq!(num(&at(&r, total, c)), sum, "{label}");
    }
    let staff: f64 = p.departments.iter().map(|d| d.staff_total()).sum();
    assert_eq!(num(&at(&r, total, staff_col)), staff);
}

#[test]
fn every_project_and_indicator_appears_once() {
    let p = publication();
    let r = sheet(&summary(), "個別事業一覧");
    let mut seen: HashMap<(String, u32), usize> = HashMap::new();
    for row in 1..r.height() {
        let key = (text(&at(&r, row, 0)), num(&at(&r, row, 1)) as u32);
        *seen.entry(key).or_default() += 1;
    }
    assert_eq!(seen.len(), p.project_count());
    for d in &p.departments {
        for pr in &d.projects {
            assert_eq!(
                seen.get(&(d.name.clone(), pr.no)),
                Some(&1),
                "{} {}",
                d.name,
                pr.no
            );
        }
    }
    assert_eq!(r.height(), p.project_count() + 1);

    let r = sheet(&summary(), "目標指標一覧");
    assert_eq!(r.height(), p.indicator_count() + 1);
    let c = |h| col(&r, 0, h);
    let mut rows: HashMap<(String, u32, String), usize> = HashMap::new();
    for row in 1..r.height() {
        let key = (
            text(&at(&r, row, 0)),
            num(&at(&r, row, 1)) as u32,
            text(&at(&r, row, c("指標名"))),
        );
        *rows.entry(key).or_default() += 1;
    }
    let mut row = 1;
    for d in &p.departments {
        for (pr, i) in d.indicators() {
            assert_eq!(
                rows.get(&(d.name.clone(), pr.no, i.name.clone())),
                Some(&1),
                "{} {} {}",
                d.name,
                pr.no,
                i.name
            );
            // In order, with 期限 in 和暦, 達成率 and 達成状況.
            assert_eq!(text(&at(&r, row, c("指標名"))), i.name);
            assert_eq!(
                text(&at(&r, row, c("期限"))),
                i.deadline
                    .as_ref()
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            );
            match i.achievement_rate() {
                Some(rate) => assert!((num(&at(&r, row, c("達成率"))) - rate).abs() < 1e-12),
                None => assert_eq!(at(&r, row, c("達成率")), Data::Empty),
            }
            assert_eq!(
                text(&at(&r, row, c("達成状況"))),
                i.status.map(|s| s.label()).unwrap_or_default()
            );
            row += 1;
        }
    }
}

#[test]
fn sheets_have_frozen_headers_filters_print_setup_charts_and_conditional_formats() {
    let path = summary();
    let workbook = zip_text(&path, "xl/workbook.xml");
    for name in ["部別一覧", "個別事業一覧", "目標指標一覧", "職員・予算"] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{name}");
    }
    assert_eq!(
        workbook.matches("_xlnm.Print_Titles").count(),
        4,
        "{workbook}"
    );
    assert_eq!(workbook.matches("_xlnm._FilterDatabase").count(), 4);
    for n in 1..=4 {
        let xml = zip_text(&path, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains("state=\"frozen\""), "sheet{n} frozen");
        assert!(xml.contains("<autoFilter "), "sheet{n} autofilter");
        assert!(xml.contains("paperSize=\"9\""), "sheet{n} A4");
        assert!(
            xml.contains("orientation=\"landscape\""),
            "sheet{n} landscape"
        );
        assert!(
            xml.contains("fitToWidth=\"1\" fitToHeight=\"0\"") || xml.contains("fitToHeight=\"0\""),
            "sheet{n} fit"
        );
        assert!(
            xml.contains("<fitToPage/>") || xml.contains("fitToPage=\"1\""),
            "sheet{n} fitToPage"
        );
        assert!(
            xml.contains("<oddFooter>") && xml.contains("&amp;P / &amp;N"),
            "sheet{n} footer"
        );
        assert!(
            xml.contains("各部の運営方針と目標"),
            "sheet{n} footer title"
        );
    }
    // Charts: budget and staff (bar), 達成状況 (stacked bar).
    let names = zip_names(&path);
    let charts: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    assert_eq!(charts.len(), 3, "{names:?}");
    let all: String = charts.iter().map(|c| zip_text(&path, c)).collect();
    assert!(all.contains("<c:barDir val=\"bar\"/>"));
    assert!(all.contains("<c:grouping val=\"stacked\"/>"));
    assert!(all.contains("部別一覧"));
    // 目標指標一覧: a data bar on 達成率 and the 未達成 rows highlighted.
    let ind = zip_text(&path, "xl/worksheets/sheet3.xml");
    assert!(ind.contains("<conditionalFormatting"));
    assert!(ind.contains("<dataBar"));
    assert!(ind.contains("未達成"));
    // Number formats and the Japanese font.
    let styles = zip_text(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0%\""));
    assert!(styles.contains("formatCode=\"#,##0\""));
    assert!(styles.contains("IPAexゴシック"));
    // Document properties: title, the city as author, the date from SOURCE_DATE_EPOCH.
    let core = zip_text(&path, "docProps/core.xml");
    assert!(core.contains("<dc:creator>三鷹市</dc:creator>"), "{core}");
    assert!(core.contains("集計表"), "{core}");
    assert!(core.contains("2003-04-01T00:00:00Z"), "{core}");
}

#[test]
fn department_workbooks_hold_their_content_and_city_row() {
    let p = publication();
    let names = hoshin::template::file_names(p.departments.iter().map(|d| d.name.as_str()));
    let city = sheet(&summary(), "部別一覧");
    for (i, (d, file)) in p.departments.iter().zip(&names).enumerate() {
        let path = built().join("departments").join(file);
        let wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), ["概要", "事業と指標", "全市との比較"]);
        let o = sheet(&path, "概要");
        let texts: Vec<String> = o.cells().map(|(_, _, v)| text(v)).collect();
        assert!(texts.contains(&d.headline));
        for m in &d.mission {
            assert!(texts.contains(&m.text), "{}", m.text);
        }
        for s in &d.sections {
            assert!(texts.contains(&s.name) && texts.contains(&s.role));
        }
        let pr = sheet(&path, "事業と指標");
        let c = |h| col(&pr, 0, h);
        assert_eq!(pr.height(), d.indicator_count() + 1, "{}", d.name);
        for (row, (project, ind)) in d.indicators().enumerate() {
            assert_eq!(text(&at(&pr, row + 1, c("指標名"))), ind.name);
            if project.indicators.first() == Some(ind) {
                assert_eq!(num(&at(&pr, row + 1, c("番号"))), project.no as f64);
                assert_eq!(text(&at(&pr, row + 1, c("事業名"))), project.name);
            }
        }
        // Its row of the city-wide summary, then the city's total.
        let cmp = sheet(&path, "全市との比較");
        for col in 0..13 {
            assert_eq!(
                at(&cmp, 1, col),
                at(&city, i + 1, col),
                "{} col {col}",
                d.name
            );
        }
        let total = p.departments.len() + 1;
        for col in 2..12 {
            assert_eq!(
                num(&at(&cmp, 2, col)),
                num(&at(&city, total, col)),
                "{} col {col}",
                d.name
            );
        }
        // 概要 prints portrait, 事業と指標 landscape with its header on every page.
        let overview = zip_text(&path, "xl/worksheets/sheet1.xml");
        assert!(
            overview.contains("paperSize=\"9\"") && overview.contains("orientation=\"portrait\"")
        );
        let xml = zip_text(&path, "xl/worksheets/sheet2.xml");
        assert!(xml.contains("state=\"frozen\"") && xml.contains("<dataBar"));
        assert!(xml.contains("orientation=\"landscape\"") && xml.contains("<mergeCell "));
        let workbook = zip_text(&path, "xl/workbook.xml");
        assert!(workbook.contains("事業と指標!$1:$1"), "{workbook}");
        let core = zip_text(&path, "docProps/core.xml");
        assert!(core.contains(&d.name) && core.contains("<dc:creator>三鷹市</dc:creator>"));
    }
}

#[test]
fn next_year_workbooks_pass_check_with_the_next_year() {
    let p = publication();
    let dir = built().join("next-year");
    let (code, problems) = common::check_json(&dir);
    let errors: Vec<_> = problems.iter().filter(|p| p.severity == "error").collect();
    assert_eq!(code, 0, "{errors:#?}");
    let (config, _) = Config::load(None, Some(&dir)).unwrap();
    let outcome = check_dir(&dir, &config, &FontSet::default().coverage()).unwrap();
    assert_eq!(outcome.year, Some(p.year.next()));
    assert_eq!(outcome.departments.len(), p.departments.len());
    for d in &outcome.departments {
        let this = p.departments.iter().find(|t| t.name == d.name).unwrap();
        assert_eq!(d.year, this.year.next());
        assert_eq!(d.projects.len(), this.projects.len());
        assert_eq!(d.staff_total(), this.staff_total());
        assert_eq!(d.budget_total(), this.budget_total());
        for (_, i) in d.indicators() {
            assert_eq!(i.actual, None, "{} {}", d.name, i.name);
            assert_eq!(i.status, None, "{} {}", d.name, i.name);
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let other = tempfile::tempdir().unwrap();
    build(&samples(), other.path());
    let mut files = Vec::new();
    for folder in ["", "departments", "next-year"] {
        for e in std::fs::read_dir(built().join(folder)).unwrap() {
            let path = e.unwrap().path();
            if path.is_file() {
                files.push(path.strip_prefix(built()).unwrap().to_path_buf());
            }
        }
    }
    assert!(files.len() >= 17, "{files:?}");
    for f in files {
        let a = std::fs::read(built().join(&f)).unwrap();
        let b = std::fs::read(other.path().join(&f)).unwrap();
        assert!(a == b, "{} differs between builds", f.display());
    }
}
