//! The template's workbook as Excel sees it: sheets, protection, frozen headers,
//! locked/unlocked cells, data validations and document properties, read from the XML.

#[path = "template_common/mod.rs"]
mod common;
use common::*;

use std::path::PathBuf;

use hoshin::draft::Draft;
use hoshin::schema;
use hoshin::template::{self, TemplateOptions};

fn opts() -> TemplateOptions {
    let mut o = TemplateOptions::new(2026);
    o.department = "企画部".into();
    o.created = 1_764_000_000;
    o
}

fn blank() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.xlsx");
    template::write_workbook(&path, None, &opts()).unwrap();
    (dir, path)
}

fn sample_draft() -> Draft {
    hoshin::sample::generate(1, 6, 5, 2026).remove(0)
}

fn prefilled() -> (tempfile::TempDir, PathBuf, Draft) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filled.xlsx");
    let draft = sample_draft();
    template::write_workbook(&path, Some(&draft), &opts()).unwrap();
    (dir, path, draft)
}

fn data_sheets() -> Vec<&'static str> {
    std::iter::once(schema::BASIC_SHEET)
        .chain(schema::TABLES.iter().map(|t| t.sheet))
        .collect()
}

#[test]
fn sheet_names_are_the_schema_names_after_the_help_sheet() {
    let (_d, path) = blank();
    let parts = unzip(&path);
    let mut expected = vec![schema::HELP_SHEET];
    expected.extend(data_sheets());
    assert_eq!(sheet_names(&parts), expected);
}

#[test]
fn data_sheets_are_protected_with_a_frozen_header() {
    for path in [blank().1, prefilled().1] {
        let parts = unzip(&path);
        for name in data_sheets() {
            let xml = sheet_xml(&parts, name);
            let prot = tags(xml, "sheetProtection");
            assert_eq!(prot.len(), 1, "{name}");
            // No password: a department may unprotect to fix something unusual.
            assert!(attr(prot[0], "password").is_none(), "{name}");
            let pane = tags(xml, "pane");
            assert_eq!(pane.len(), 1, "{name}");
            assert_eq!(attr(pane[0], "state"), Some("frozen"), "{name}");
            assert_eq!(attr(pane[0], "ySplit"), Some("1"), "{name}");
            assert_eq!(attr(pane[0], "topLeftCell"), Some("A2"), "{name}");
        }
        // Rows can be added and removed in the tables.
        let xml = sheet_xml(&parts, schema::PROJECTS.sheet);
        let prot = tags(xml, "sheetProtection")[0];
        assert_eq!(attr(prot, "insertRows"), Some("0"), "{prot}");
        assert_eq!(attr(prot, "deleteRows"), Some("0"), "{prot}");
        assert_eq!(attr(prot, "sort"), Some("0"), "{prot}");
        // The help sheet is read-only.
        assert_eq!(
            tags(sheet_xml(&parts, schema::HELP_SHEET), "sheetProtection").len(),
            1
        );
    }
}

#[test]
fn headers_locked_and_input_unlocked() {
    let (_d, path, _draft) = prefilled();
    let parts = unzip(&path);
    assert!(parts["xl/styles.xml"].contains("<protection locked=\"0\"/>"));
    let locked = xf_locked(&parts);
    for table in schema::TABLES {
        let xml = sheet_xml(&parts, table.sheet);
        for c in 0..table.columns.len() {
            let l = letter(c);
            let header = cell_style(xml, &format!("{l}1")).unwrap();
            assert!(locked[header], "{}!{l}1 locked", table.sheet);
            let data = cell_style(xml, &format!("{l}2"));
            if let Some(s) = data {
                assert!(!locked[s], "{}!{l}2 unlocked", table.sheet);
            }
            // Empty input cells take the column's (unlocked) style.
            let col = col_style(xml, c + 1).unwrap();
            assert!(!locked[col], "{} column {l} unlocked", table.sheet);
        }
    }
    // 基本情報: the keys locked, the values unlocked.
    let xml = sheet_xml(&parts, schema::BASIC_SHEET);
    assert!(locked[cell_style(xml, "A1").unwrap()]);
    assert!(locked[cell_style(xml, "A2").unwrap()]);
    assert!(!locked[cell_style(xml, "B2").unwrap()]);
    assert!(!locked[col_style(xml, 2).unwrap()]);
}

#[test]
fn validations_blank() {
    let (_d, path) = blank();
    let parts = unzip(&path);

    // 担当課: a list from the 課名 column of 各課の役割.
    let xml = sheet_xml(&parts, schema::PROJECTS.sheet);
    let dv = validations_in(xml, &column_of(&schema::PROJECTS, "担当課"));
    assert_eq!(dv.len(), 1);
    assert_eq!(attr(dv[0], "type"), Some("list"));
    let f = formula1(dv[0]);
    let expected = format!(
        "'{}'!${c}$2:${c}$",
        schema::SECTIONS.sheet,
        c = column_of(&schema::SECTIONS, "課名")
    );
    assert!(f.starts_with(&expected), "{f}");
    // With an input message in Japanese.
    assert!(attr(dv[0], "prompt").is_some_and(|p| p.contains('課')));
    assert!(attr(dv[0], "error").is_some());

    check_common_validations(&parts);
}

#[test]
fn validations_prefilled() {
    let (_d, path, draft) = prefilled();
    let parts = unzip(&path);
    let xml = sheet_xml(&parts, schema::PROJECTS.sheet);
    let dv = validations_in(xml, &column_of(&schema::PROJECTS, "担当課"));
    assert_eq!(dv.len(), 1);
    assert_eq!(attr(dv[0], "type"), Some("list"));
    let names: Vec<&str> = draft.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(formula1(dv[0]), format!("\"{}\"", names.join(",")));
    check_common_validations(&parts);
}

fn check_common_validations(parts: &std::collections::BTreeMap<String, String>) {
    let ind = sheet_xml(parts, schema::INDICATORS.sheet);
    let dv = validations_in(ind, &column_of(&schema::INDICATORS, "方向"));
    assert_eq!(attr(dv[0], "type"), Some("list"));
    assert_eq!(
        formula1(dv[0]),
        format!("\"{}\"", schema::DIRECTIONS.join(","))
    );
    let dv = validations_in(ind, &column_of(&schema::INDICATORS, "達成状況"));
    assert_eq!(attr(dv[0], "type"), Some("list"));
    assert_eq!(
        formula1(dv[0]),
        format!("\"{}\"", schema::STATUSES.join(","))
    );
    let dv = validations_in(ind, &column_of(&schema::INDICATORS, "事業番号"));
    assert_eq!(attr(dv[0], "type"), Some("whole"));
    assert_eq!(formula1(dv[0]), "1");

    let staff = sheet_xml(parts, schema::STAFF.sheet);
    let dv = validations_in(staff, &column_of(&schema::STAFF, "人数"));
    assert_eq!(attr(dv[0], "type"), Some("whole"));
    assert_eq!(attr(dv[0], "operator"), Some("greaterThanOrEqual"));
    assert_eq!(formula1(dv[0]), "0");

    let budget = sheet_xml(parts, schema::BUDGET.sheet);
    let dv = validations_in(budget, &column_of(&schema::BUDGET, "金額（千円）"));
    assert_eq!(attr(dv[0], "type"), Some("decimal"));
    assert_eq!(attr(dv[0], "operator"), Some("greaterThanOrEqual"));
    assert_eq!(formula1(dv[0]), "0");

    for table in [&schema::MISSION, &schema::POLICIES, &schema::PROJECTS] {
        let xml = sheet_xml(parts, table.sheet);
        let dv = validations_in(xml, &column_of(table, "番号"));
        assert_eq!(attr(dv[0], "type"), Some("whole"), "{}", table.sheet);
        assert_eq!(formula1(dv[0]), "1", "{}", table.sheet);
    }

    // Every column shows its help when a cell is selected; the range is generous.
    for table in schema::TABLES {
        let xml = sheet_xml(parts, table.sheet);
        for (c, column) in table.columns.iter().enumerate() {
            let dv = validations_in(xml, &letter(c));
            assert_eq!(dv.len(), 1, "{} {}", table.sheet, column.header);
            assert!(
                attr(dv[0], "prompt").is_some_and(|p| !p.is_empty()),
                "{} {}",
                table.sheet,
                column.header
            );
            let sqref = attr(dv[0], "sqref").unwrap();
            let last: u32 = sqref
                .rsplit(':')
                .next()
                .unwrap()
                .trim_start_matches(|c: char| c.is_ascii_uppercase())
                .parse()
                .unwrap();
            assert!(sqref.starts_with(&format!("{}2:", letter(c))), "{sqref}");
            assert!(last >= 500, "{sqref}");
        }
    }
}

#[test]
fn help_sheet_explains_every_sheet_and_field() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let (_d, path) = blank();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range(schema::HELP_SHEET).unwrap();
    let texts: Vec<String> = range
        .rows()
        .flatten()
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    for sheet in data_sheets() {
        assert!(has(&format!("「{sheet}」")), "{sheet}");
    }
    for key in schema::BASIC_KEYS {
        assert!(texts.iter().any(|t| t == key.key), "{}", key.key);
        assert!(has(key.help) && has(key.example), "{}", key.key);
    }
    for table in schema::TABLES {
        for c in table.columns {
            assert!(texts.iter().any(|t| t == c.header), "{}", c.header);
            assert!(has(c.help), "{}", c.help);
            assert!(has(c.example), "{}", c.example);
        }
    }
    for s in schema::STATUSES.iter().chain(schema::DIRECTIONS) {
        assert!(has(s), "{s}");
    }
    assert!(texts.iter().filter(|t| *t == "必須").count() >= 10);
    assert!(has("令和8年度") && has("R8") && has("2026年度"));
}

#[test]
fn blank_template_prefills_year_and_department() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let (_d, path) = blank();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let basic = wb.worksheet_range(schema::BASIC_SHEET).unwrap();
    assert_eq!(basic.get_value((0, 0)), Some(&Data::String("項目".into())));
    assert_eq!(basic.get_value((0, 1)), Some(&Data::String("内容".into())));
    for (i, key) in schema::BASIC_KEYS.iter().enumerate() {
        assert_eq!(
            basic.get_value((i as u32 + 1, 0)),
            Some(&Data::String(key.key.into()))
        );
    }
    assert_eq!(
        basic.get_value((1, 1)),
        Some(&Data::String("令和8年度".into()))
    );
    assert_eq!(
        basic.get_value((2, 1)),
        Some(&Data::String("企画部".into()))
    );
    for table in schema::TABLES {
        let r = wb.worksheet_range(table.sheet).unwrap();
        let headers: Vec<String> = (0..table.columns.len() as u32)
            .map(|c| r.get_value((0, c)).unwrap().to_string())
            .collect();
        let expected: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
        assert_eq!(headers, expected);
        assert_eq!(r.height(), 1, "{} has only its header", table.sheet);
    }
}

#[test]
fn document_properties() {
    let (_d, path) = blank();
    let parts = unzip(&path);
    let core = &parts["docProps/core.xml"];
    assert!(core.contains(&format!("<dc:title>{}</dc:title>", template::TITLE)));
    // 1_764_000_000 s = 2025-11-24T16:00:00Z.
    assert!(core.contains("2025-11-24T16:00:00Z"), "{core}");
}

#[test]
fn column_widths_fit_japanese() {
    let (_d, path, draft) = prefilled();
    let parts = unzip(&path);
    let xml = sheet_xml(&parts, schema::SECTIONS.sheet);
    let width = |col: usize| -> f64 {
        tags(xml, "col")
            .into_iter()
            .find(|t| attr(t, "min") == Some(&col.to_string()))
            .and_then(|t| attr(t, "width"))
            .unwrap()
            .parse()
            .unwrap()
    };
    let longest = draft
        .sections
        .iter()
        .map(|s| hoshin::xlsx::widths::text_width(&s.name))
        .max()
        .unwrap();
    // Excel stores the width with a little padding; it must hold 2 units per kanji.
    assert!(width(1) >= longest as f64, "{} < {longest}", width(1));
    assert!(width(1) >= schema::SECTIONS.columns[0].width);
    assert!(width(2) >= schema::SECTIONS.columns[1].width);
}
