//! Workbooks no one here wrote (tests/fixtures/README.md says how each was made):
//! LibreOffice's .ods/.xls/.xlsx and openpyxl's .xlsx are read as the contract says.

mod common;
use common::fixtures;

use hoshin::check::{check_dir, Outcome};
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::*;

/// Checks one fixture alone in a fresh folder.
fn check_fixture(name: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join(name), dir.path().join(name)).unwrap();
    check_dir(
        dir.path(),
        &Config::default(),
        &FontSet::default().coverage(),
    )
    .unwrap()
}

fn single(name: &str) -> Department {
    let o = check_fixture(name);
    assert!(o.problems.is_empty(), "{name}: {:#?}", o.problems);
    assert_eq!(o.departments.len(), 1);
    o.departments.into_iter().next().unwrap()
}

fn staff(d: &Department) -> Vec<(&str, f64)> {
    d.staff
        .iter()
        .map(|l| (l.label.as_str(), l.value))
        .collect()
}

fn check_shimin(d: &Department) {
    assert_eq!(d.name, "市民部");
    assert_eq!(d.year, FiscalYear(2025));
    assert_eq!(d.order, Some(3));
    assert_eq!(
        staff(d),
        vec![
            ("正規職員", 42.0),
            ("再任用職員", 5.0),
            ("会計年度任用職員", 18.0)
        ]
    );
    assert_eq!(d.budget_total(), 1234567.0 + 15432100.0);
    // 個別事業 C3:C4 is merged: project 3 takes 市民課 from C3.
    let sections: Vec<_> = d
        .projects
        .iter()
        .map(|p| (p.no, p.section.as_str()))
        .collect();
    assert_eq!(
        sections,
        vec![(1, "市民協働推進課"), (2, "市民課"), (3, "市民課")]
    );
    assert_eq!(
        d.projects[1].description.len(),
        2,
        "a line break in the cell is a paragraph break"
    );
    let first = &d.projects[0].indicators[0];
    assert_eq!(first.status, Some(Status::MostlyAchieved));
    assert!((first.achievement_rate().unwrap() - 54.1 / 55.0).abs() < 1e-9);
    assert_eq!(d.projects[1].indicators[0].direction, Direction::Down);
}

#[test]
fn libreoffice_ods_with_vertical_merge() {
    check_shimin(&single("lo_valid.ods"));
}

#[test]
fn libreoffice_xls_with_vertical_merge() {
    check_shimin(&single("lo_valid.xls"));
}

#[test]
fn libreoffice_xlsx_formulas_give_their_cached_values() {
    let d = single("lo_formulas.xlsx");
    assert_eq!(d.name, "企画部");
    // The 合計 row (=SUM) is compared, not counted.
    assert_eq!(
        staff(&d),
        vec![
            ("正規職員", 42.0),
            ("再任用職員", 5.0),
            ("会計年度任用職員", 8.0)
        ]
    );
    assert_eq!(d.budget[0].value, 1234567.0);
    assert_eq!(d.projects[1].section, "企画経営室", "C2:C3 merged");
    assert_eq!(
        d.projects[1].indicators[0].target,
        Quantity::Text("公表".into())
    );
}

#[test]
fn openpyxl_inline_strings_and_numbers_stored_as_text() {
    let d = single("openpyxl_inline.xlsx");
    assert_eq!(d.name, "健康福祉部");
    assert_eq!(staff(&d), vec![("正規職員", 68.0), ("再任用職員", 12.0)]);
    assert_eq!(d.budget[1].value, 1234.0, "full-width １，２３４");
    assert_eq!(
        d.projects[1].indicators[0].baseline,
        Some(Quantity::Number(15.2))
    );
}

#[test]
fn openpyxl_formulas_without_cached_values_are_errors() {
    let o = check_fixture("openpyxl_nocache.xlsx");
    let mut cells: Vec<_> = o
        .problems
        .iter()
        .map(|p| {
            (
                p.code.0,
                p.place.sheet.clone().unwrap(),
                p.place.cell.clone().unwrap(),
            )
        })
        .collect();
    cells.sort();
    assert_eq!(
        cells,
        vec![
            ("E205", "予算".into(), "B2".into()),
            ("E205", "職員数".into(), "B2".into())
        ]
    );
}

#[test]
fn percentages_japanese_date_formats_serials_and_years() {
    let d = single("percent_and_dates.xlsx");
    let ind: Vec<&Indicator> = d.projects.iter().flat_map(|p| &p.indicators).collect();
    assert_eq!(ind[0].baseline, Some(Quantity::Number(72.0)));
    assert_eq!(ind[0].target, Quantity::Number(80.0));
    assert_eq!(ind[0].unit, "%");
    let march31 = Some(Deadline::Date(Date::new(2026, 3, 31).unwrap()));
    assert_eq!(ind[1].deadline, march31, "built-in Japanese date format 57");
    assert_eq!(
        ind[2].deadline,
        Some(Deadline::FiscalYear {
            year: FiscalYear(2027),
            end: false
        })
    );
    assert_eq!(
        ind[3].deadline, march31,
        "a General number above 2200 is a serial date"
    );
    assert_eq!(ind[4].deadline, march31, "built-in Japanese date format 31");
    assert_eq!(ind[5].deadline, march31);
    assert_eq!(
        ind[0].deadline,
        Some(Deadline::FiscalYear {
            year: FiscalYear(2025),
            end: true
        })
    );
}
