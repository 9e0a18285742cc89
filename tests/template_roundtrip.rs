//! Pre-filled workbooks read back: every value of the draft is there, texts that look
//! like formulas stay texts, output is byte-identical, file names are safe, and the
//! project's own checker accepts the workbooks.

#[path = "template_common/mod.rs"]
mod common;
use common::*;

use std::collections::HashSet;
use std::path::Path;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use hoshin::config::Config;
use hoshin::draft::{Draft, DraftValue, ProjectDraft};
use hoshin::schema;
use hoshin::template::{self, TemplateOptions};

fn opts() -> TemplateOptions {
    let mut o = TemplateOptions::new(2026);
    o.created = 1_700_000_000;
    o
}

/// A sample draft with texts a spreadsheet could mistake for formulas.
fn tricky_draft() -> Draft {
    let mut d = hoshin::sample::generate(1, 5, 21, 2026).remove(0);
    d.projects[0].name = "=HYPERLINK(\"x\")".into();
    d.projects[1].description = "+1 のような文\n-2 で始まる行".into();
    d.projects[2].indicator_text = "@SUM(A1)".into();
    d.mission.push("=1+1".into());
    d.budget[0].amount = 1234.5;
    d.projects[3].indicators[0].target = DraftValue::Text("-".into());
    d
}

fn text(v: &str) -> Option<Data> {
    (!v.is_empty()).then(|| Data::String(v.to_string()))
}

fn number(n: f64) -> Option<Data> {
    Some(Data::Float(n))
}

fn value(v: &Option<DraftValue>) -> Option<Data> {
    match v {
        None => None,
        Some(DraftValue::Number(n)) => number(*n),
        Some(DraftValue::Text(s)) => text(s),
    }
}

fn cell(r: &Range<Data>, row: usize, col: usize) -> Option<Data> {
    match r.get_value((row as u32, col as u32)) {
        None | Some(Data::Empty) => None,
        Some(Data::Int(i)) => Some(Data::Float(*i as f64)),
        Some(d) => Some(d.clone()),
    }
}

fn assert_rows(r: &Range<Data>, sheet: &str, rows: Vec<Vec<Option<Data>>>) {
    for (i, row) in rows.iter().enumerate() {
        for (c, want) in row.iter().enumerate() {
            assert_eq!(&cell(r, i + 1, c), want, "{sheet} row {} col {c}", i + 2);
        }
    }
    // Nothing below the data.
    assert_eq!(r.height(), rows.len() + 1, "{sheet}");
}

fn assert_workbook_holds(path: &Path, d: &Draft) {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let basic = wb.worksheet_range(schema::BASIC_SHEET).unwrap();
    let values = [
        text(&d.year),
        text(&d.name),
        text(&d.headline),
        d.order.and_then(|o| number(o.into())),
        text(&d.head),
        text(&d.contact),
    ];
    for (i, (key, want)) in schema::BASIC_KEYS.iter().zip(values).enumerate() {
        let row = i + 1;
        assert_eq!(cell(&basic, row, 0), text(key.key));
        assert_eq!(cell(&basic, row, 1), want, "{}", key.key);
    }

    let numbered = |items: &[String]| {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| vec![number(i as f64 + 1.0), text(s)])
            .collect::<Vec<_>>()
    };
    let mut sheet = |name: &str| wb.worksheet_range(name).unwrap();
    assert_rows(
        &sheet(schema::MISSION.sheet),
        "mission",
        numbered(&d.mission),
    );
    assert_rows(
        &sheet(schema::POLICIES.sheet),
        "policies",
        numbered(&d.policies),
    );
    assert_rows(
        &sheet(schema::SECTIONS.sheet),
        "sections",
        d.sections
            .iter()
            .map(|s| vec![text(&s.name), text(&s.role)])
            .collect(),
    );
    assert_rows(
        &sheet(schema::STAFF.sheet),
        "staff",
        d.staff
            .iter()
            .map(|s| vec![text(&s.category), number(s.count.into())])
            .collect(),
    );
    assert_rows(
        &sheet(schema::BUDGET.sheet),
        "budget",
        d.budget
            .iter()
            .map(|b| vec![text(&b.account), number(b.amount)])
            .collect(),
    );
    assert_rows(
        &sheet(schema::PROJECTS.sheet),
        "projects",
        d.projects
            .iter()
            .map(|p: &ProjectDraft| {
                vec![
                    number(p.no.into()),
                    text(&p.name),
                    text(&p.section),
                    text(&p.description),
                    text(&p.indicator_text),
                ]
            })
            .collect(),
    );
    assert_rows(
        &sheet(schema::INDICATORS.sheet),
        "indicators",
        d.projects
            .iter()
            .flat_map(|p| p.indicators.iter().map(move |i| (p.no, i)))
            .map(|(no, i)| {
                vec![
                    number(no.into()),
                    text(&i.name),
                    value(&i.baseline),
                    value(&Some(i.target.clone())),
                    text(&i.unit),
                    text(&i.direction),
                    text(&i.deadline),
                    value(&i.actual),
                    text(&i.status),
                ]
            })
            .collect(),
    );
}

#[test]
fn every_value_of_the_draft_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = tricky_draft();
    let path = dir.path().join("x.xlsx");
    template::write_workbook(&path, Some(&d), &opts()).unwrap();
    assert_workbook_holds(&path, &d);
}

#[test]
fn formula_like_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = tricky_draft();
    let path = dir.path().join("x.xlsx");
    template::write_workbook(&path, Some(&d), &opts()).unwrap();

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let projects = wb.worksheet_range(schema::PROJECTS.sheet).unwrap();
    let col = schema::PROJECTS
        .columns
        .iter()
        .position(|c| c.header == "事業名")
        .unwrap();
    assert_eq!(
        projects.get_value((1, col as u32)),
        Some(&Data::String("=HYPERLINK(\"x\")".into()))
    );
    // No sheet holds a formula at all.
    let parts = unzip(&path);
    for (name, xml) in &parts {
        if name.starts_with("xl/worksheets/") {
            assert!(tags(xml, "f").is_empty(), "{name} has a formula");
        }
    }
}

#[test]
fn identical_inputs_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = tricky_draft();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    template::write_workbook(&a, Some(&d), &opts()).unwrap();
    template::write_workbook(&b, Some(&d), &opts()).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());

    let c = dir.path().join("c.xlsx");
    let e = dir.path().join("e.xlsx");
    template::write_workbook(&c, None, &opts()).unwrap();
    template::write_workbook(&e, None, &opts()).unwrap();
    assert_eq!(std::fs::read(&c).unwrap(), std::fs::read(&e).unwrap());

    // Only the hidden temporary name differs from the target; none is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn unsafe_department_name_stays_in_the_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let mut d = tricky_draft();
    d.name = "../総務/部".into();
    let mut twin = d.clone();
    twin.name = "..\\総務\\部".into();
    let paths = template::write_all(&out, &[d, twin], &opts()).unwrap();
    assert_eq!(paths.len(), 2);
    assert_ne!(paths[0], paths[1]);
    for p in &paths {
        assert_eq!(p.parent().unwrap(), out);
        assert!(p.exists());
    }
    assert_eq!(paths[0].file_name().unwrap(), "_総務_部.xlsx");
    assert_eq!(paths[1].file_name().unwrap(), "_総務_部_2.xlsx");
    // Nothing was written next to the folder.
    let beside: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["out"]);
}

#[test]
fn sample_has_unique_departments_and_valid_sections() {
    let drafts = hoshin::sample::generate(200, 20, 1, 2026);
    assert_eq!(drafts.len(), 200);
    let names: HashSet<&str> = drafts.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names.len(), 200);
    for d in &drafts {
        let sections: HashSet<&str> = d.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(d.projects.len(), 20);
        for p in &d.projects {
            assert!(
                sections.contains(p.section.as_str()),
                "{}: {}",
                d.name,
                p.section
            );
            assert!(!p.indicators.is_empty());
        }
        assert!(d.headline.chars().count() <= 40);
    }
    assert_eq!(drafts, hoshin::sample::generate(200, 20, 1, 2026));
}

#[test]
fn checker_accepts_sample_and_next_year_workbooks() {
    let config = Config::default();
    let coverage = config.font_set().unwrap().coverage();

    let dir = tempfile::tempdir().unwrap();
    let drafts = hoshin::sample::generate(12, 8, 3, 2026);
    let paths = template::write_all(dir.path(), &drafts, &opts()).unwrap();
    assert_eq!(paths.len(), 12);
    let outcome = hoshin::check::check_dir(dir.path(), &config, &coverage).unwrap();
    let problems: Vec<String> = outcome.problems.iter().map(|p| format!("{p:?}")).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(outcome.departments.len(), 12);
    for (path, d) in paths.iter().zip(&drafts) {
        assert_workbook_holds(path, d);
    }

    let next_dir = tempfile::tempdir().unwrap();
    let next: Vec<Draft> = drafts.iter().map(template::next_year).collect();
    template::write_all(next_dir.path(), &next, &opts()).unwrap();
    let outcome = hoshin::check::check_dir(next_dir.path(), &config, &coverage).unwrap();
    let problems: Vec<String> = outcome.problems.iter().map(|p| format!("{p:?}")).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(outcome.year.map(|y| y.western()), Some(2027));
}

#[test]
fn checked_department_comes_back_as_its_draft() {
    let config = Config::default();
    let coverage = config.font_set().unwrap().coverage();
    let dir = tempfile::tempdir().unwrap();
    let drafts = hoshin::sample::generate(4, 6, 13, 2026);
    template::write_all(dir.path(), &drafts, &opts()).unwrap();
    let outcome = hoshin::check::check_dir(dir.path(), &config, &coverage).unwrap();
    assert_eq!(outcome.departments.len(), drafts.len());
    for dept in &outcome.departments {
        let mut want = drafts.iter().find(|d| d.name == dept.name).unwrap().clone();
        // What the checker makes explicit: the default 方向, and 「80%」 as 80 with 単位 %.
        for i in want
            .projects
            .iter_mut()
            .flat_map(|p| p.indicators.iter_mut())
        {
            if i.direction.is_empty() {
                i.direction = schema::DIRECTIONS[0].into();
            }
            if let DraftValue::Text(t) = &i.target {
                if let Some(n) = t.strip_suffix('%') {
                    i.target = DraftValue::Number(n.parse().unwrap());
                    i.unit = "%".into();
                }
            }
        }
        assert_eq!(template::draft_from(dept), want);
    }
}

#[test]
fn blank_template_only_asks_for_content() {
    // The checker finds the shape right: the only problems are empty required cells
    // (E206) and tables without rows (E104).
    let config = Config::default();
    let coverage = config.font_set().unwrap().coverage();
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts();
    o.department = "企画部".into();
    template::write_workbook(&dir.path().join("企画部.xlsx"), None, &o).unwrap();
    let outcome = hoshin::check::check_dir(dir.path(), &config, &coverage).unwrap();
    let codes: HashSet<&str> = outcome.problems.iter().map(|p| p.code.0).collect();
    assert_eq!(
        codes,
        HashSet::from(["E104", "E206"]),
        "{:#?}",
        outcome.problems
    );
    let tables = outcome
        .problems
        .iter()
        .filter(|p| p.code.0 == "E104")
        .count();
    assert_eq!(tables, schema::TABLES.len());
    assert_eq!(outcome.year.map(|y| y.western()), Some(2026));
}

#[test]
fn blanks_for_named_departments() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["企画部".to_string(), "総務部".into(), "CON".into()];
    let paths = template::write_blanks(dir.path(), &names, &opts()).unwrap();
    let files: Vec<_> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["企画部.xlsx", "総務部.xlsx", "_CON.xlsx"]);
    for (path, name) in paths.iter().zip(&names) {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let basic = wb.worksheet_range(schema::BASIC_SHEET).unwrap();
        assert_eq!(basic.get_value((2, 1)), Some(&Data::String(name.clone())));
    }
}

#[test]
fn samples_source_writes_workbooks_the_checker_accepts() {
    // `hoshin template -o samples --from docs/samples-source.toml`.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/samples-source.toml"),
    )
    .unwrap();
    let file: hoshin::draft::DraftFile = toml::from_str(&text).unwrap();
    assert!(!file.department.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts();
    o.year = 2003;
    let paths = template::write_all(dir.path(), &file.department, &o).unwrap();
    let config = Config::default();
    let coverage = config.font_set().unwrap().coverage();
    let outcome = hoshin::check::check_dir(dir.path(), &config, &coverage).unwrap();
    let errors: Vec<String> = outcome
        .problems
        .iter()
        .filter(|p| p.code.0.starts_with('E'))
        .map(|p| p.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(outcome.departments.len(), file.department.len());
    for (path, d) in paths.iter().zip(&file.department) {
        assert_workbook_holds(path, d);
    }
}
