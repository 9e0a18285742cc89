//! `check-report.xlsx`: every problem on one sheet (autofilter, frozen header) and one
//! sheet per department with problems, so the office can send each its own list.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::path::Path;

use crate::check::Outcome;
use crate::diag::Problem;
use crate::xlsx::widths::column_width;
use crate::xlsx::{properties, unique_sheet_name, ReportFormats};

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

pub(crate) fn to_bytes(outcome: &Outcome, timestamp: i64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        "点検結果（各部の運営方針と目標）",
        "hoshin",
        timestamp,
    )?);
    let f = ReportFormats::new();
    let all: Vec<&Problem> = outcome.problems.iter().collect();
    sheet(wb.add_worksheet(), &f, "一覧", &all)?;
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
        sheet(wb.add_worksheet(), &f, &title, &problems)?;
    }
    crate::output::xlsx_bytes(&mut wb)
}

fn sheet(
    ws: &mut Worksheet,
    f: &ReportFormats,
    name: &str,
    problems: &[&Problem],
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.head)?;
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
            let format = if c == 5 && p.severity == crate::diag::Severity::Error {
                &f.error
            } else {
                &f.body
            };
            // write_string: a message starting with = stays text.
            ws.write_string_with_format(row, c as u16, v, format)?;
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
