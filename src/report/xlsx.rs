//! `check-report.xlsx`: every problem on one sheet (autofilter, frozen header) and one
//! sheet per department with problems, so the office can send each its own list.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
use std::path::Path;

use crate::check::Outcome;
use crate::colwidth::column_width;
use crate::diag::Problem;

const HEADERS: [&str; 7] = [
    "ファイル",
    "部名",
    "シート",
    "セル",
    "コード",
    "重大度",
    "内容",
];

/// Writes the report to `path` atomically. `timestamp`: seconds since 1970 for the
/// document's creation date.
pub fn write(path: &Path, outcome: &Outcome, timestamp: i64) -> Result<(), XlsxError> {
    let bytes = to_bytes(outcome, timestamp)?;
    crate::output::write_atomic(path, &bytes).map_err(XlsxError::IoError)
}

pub fn to_bytes(outcome: &Outcome, timestamp: i64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title("点検結果（各部の運営方針と目標）")
        .set_author("hoshin")
        .set_creation_datetime(&ExcelDateTime::from_timestamp(timestamp)?);
    wb.set_properties(&props);
    let all: Vec<&Problem> = outcome.problems.iter().collect();
    sheet(wb.add_worksheet(), "一覧", &all)?;
    let mut per_dept: BTreeMap<String, Vec<&Problem>> = BTreeMap::new();
    for p in &outcome.problems {
        let key = p.department.clone().unwrap_or_else(|| p.place.file.clone());
        per_dept.entry(key).or_default().push(p);
    }
    // Departments in publication order, then files without a 部名.
    let mut per_dept: Vec<(String, Vec<&Problem>)> = per_dept.into_iter().collect();
    per_dept.sort_by_key(|(name, _)| {
        outcome
            .department_names
            .iter()
            .position(|n| n == name)
            .unwrap_or(usize::MAX)
    });
    let mut used: Vec<String> = vec!["一覧".into()];
    for (name, problems) in per_dept {
        let title = unique_sheet_name(&name, &used);
        used.push(title.clone());
        sheet(wb.add_worksheet(), &title, &problems)?;
    }
    crate::output::xlsx_bytes(&mut wb)
}

fn sheet(ws: &mut Worksheet, name: &str, problems: &[&Problem]) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let font = "IPAexゴシック";
    let head = Format::new()
        .set_bold()
        .set_font_name(font)
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin);
    let body = Format::new()
        .set_font_name(font)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let error = body.clone().set_font_color("C00000");
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let mut cols: Vec<Vec<String>> = vec![Vec::new(); HEADERS.len()];
    for (i, p) in problems.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            p.place.file.clone(),
            p.department.clone().unwrap_or_default(),
            p.place.sheet.clone().unwrap_or_default(),
            p.place
                .cell
                .clone()
                .or_else(|| p.place.column.as_ref().map(|c| format!("{c}列")))
                .unwrap_or_default(),
            p.code.to_string(),
            p.severity.label().to_string(),
            p.message.clone(),
        ];
        for (c, v) in cells.iter().enumerate() {
            let f = if c == 5 && p.severity == crate::diag::Severity::Error {
                &error
            } else {
                &body
            };
            // write_string: a message starting with = stays text.
            ws.write_string_with_format(row, c as u16, v, f)?;
            cols[c].push(v.clone());
        }
    }
    for (c, h) in HEADERS.iter().enumerate() {
        let max = if c == 6 { 90.0 } else { 30.0 };
        let w = column_width(
            std::iter::once(*h).chain(cols[c].iter().map(String::as_str)),
            6.0,
            max,
        );
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, problems.len().max(1) as u32, HEADERS.len() as u16 - 1)?;
    Ok(())
}

/// Excel sheet names: at most 31 UTF-16 units (an emoji takes two) with any `(n)`
/// suffix, none of `[]:*?/\` nor a control character, not starting or ending with
/// `'`, not `History`, unique ignoring case.
fn unique_sheet_name(name: &str, used: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let clean = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        "部"
    } else {
        clean
    };
    // The longest prefix of `clean` that leaves room for `suffix`, not ending in `'`.
    let fit = |suffix: &str| -> String {
        let room = 31 - suffix.encode_utf16().count();
        let mut units = 0;
        let mut out: String = clean
            .chars()
            .take_while(|c| {
                units += c.len_utf16();
                units <= room
            })
            .collect();
        while out.ends_with(['\'', ' ']) {
            out.pop();
        }
        out + suffix
    };
    let taken = |c: &str| used.iter().any(|u| u.to_lowercase() == c.to_lowercase());
    let mut candidate = fit("");
    let mut n = 2;
    while taken(&candidate) {
        candidate = fit(&format!("({n})"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod sheet_name_tests {
    use super::unique_sheet_name;

    #[test]
    fn names_excel_accepts() {
        let used = vec!["一覧".to_string()];
        assert_eq!(unique_sheet_name("'企画部'", &used), "企画部");
        let emoji = "😀".repeat(20);
        let n = unique_sheet_name(&emoji, &used);
        assert!(n.encode_utf16().count() <= 31, "{n}");
        let long = "あ".repeat(40);
        let mut used = used;
        for _ in 0..12 {
            let n = unique_sheet_name(&long, &used);
            assert!(n.encode_utf16().count() <= 31, "{n}");
            used.push(n);
        }
        assert!(used.last().unwrap().ends_with("(12)"));
        assert_eq!(unique_sheet_name("a\u{1B}b", &[]), "a_b");
        assert_eq!(unique_sheet_name("History", &[]), "部");
        // Every name is one rust_xlsxwriter takes.
        let mut wb = rust_xlsxwriter::Workbook::new();
        for n in &used {
            wb.add_worksheet().set_name(n).unwrap();
        }
    }
}
