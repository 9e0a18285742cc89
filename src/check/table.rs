//! Finding a table sheet's header row and columns.

use std::collections::HashMap;

use crate::diag::{codes, Place, Problem};
use crate::ingest::{normalize_key, RawSheet, RawValue};
use crate::schema::{Column, Field, Table};

/// How many rows from the top may hold titles and notes before the header row.
pub(crate) const HEADER_SEARCH_ROWS: u32 = 20;

/// A table sheet with its header row found.
pub(crate) struct TableView<'a> {
    pub sheet: &'a RawSheet,
    pub header_row: u32,
    columns: HashMap<&'static str, u32>,
    /// The table of the schema the sheet was read by.
    pub table: Table,
}

impl<'a> TableView<'a> {
    /// The column of `header`, if the sheet has it.
    pub(crate) fn col(&self, header: &str) -> Option<u32> {
        self.columns.get(header).copied()
    }

    /// The column the model reads `field` from, and the schema's column, if the sheet
    /// has it.
    pub(crate) fn at(&self, field: Field) -> Option<(u32, &'static Column)> {
        let (_, column) = self.table.field(field)?;
        Some((self.col(column.header)?, column))
    }

    /// Rows below the header that are not fully blank.
    pub(crate) fn data_rows(&self) -> impl Iterator<Item = u32> + '_ {
        (self.header_row + 1..self.sheet.height())
            .filter(|&r| self.sheet.rows[r as usize].iter().any(|v| !v.is_empty()))
    }
}

/// When the header row was not found whole (a required column missing), the rows
/// below the row that has most of the headers: what the file's line counts.
pub(crate) fn rows_below_partial_header(sheet: &RawSheet, table: &Table) -> usize {
    let known: Vec<String> = table
        .columns
        .iter()
        .map(|c| normalize_key(c.header))
        .collect();
    let hits = |r: u32| {
        sheet.rows[r as usize]
            .iter()
            .filter_map(header_text)
            .filter(|t| known.contains(t))
            .count()
    };
    let limit = sheet.height().min(HEADER_SEARCH_ROWS);
    let Some(best) = (0..limit)
        .filter(|&r| hits(r) > 0)
        .max_by_key(|&r| (hits(r), std::cmp::Reverse(r)))
    else {
        return 0;
    };
    (best + 1..sheet.height())
        .filter(|&r| sheet.rows[r as usize].iter().any(|v| !v.is_empty()))
        .count()
}

fn header_text(v: &RawValue) -> Option<String> {
    match v {
        RawValue::Text(t) => Some(normalize_key(t)).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Finds the header row: the first of the first 20 rows holding every required header.
/// Reports missing required columns (error), unknown and duplicate ones.
pub(crate) fn open<'a>(
    file: &str,
    sheet: &'a RawSheet,
    table: &Table,
    problems: &mut Vec<Problem>,
) -> Option<TableView<'a>> {
    let known: Vec<(String, &'static str)> = table
        .columns
        .iter()
        .map(|c| (normalize_key(c.header), c.header))
        .collect();
    let required: Vec<String> = table.required_headers().map(normalize_key).collect();
    let mut best: Option<(u32, usize)> = None;
    for r in 0..sheet.height().min(HEADER_SEARCH_ROWS) {
        // Each cell normalized once; NFKC is the costly part of finding the header.
        let row: Vec<String> = sheet.rows[r as usize]
            .iter()
            .filter_map(header_text)
            .collect();
        let found = required.iter().filter(|h| row.contains(h)).count();
        if found == required.len() {
            return Some(view(file, sheet, r, table, &known, problems));
        }
        if found > 0 && best.is_none_or(|(_, n)| found > n) {
            best = Some((r, found));
        }
    }
    let wanted = table
        .required_headers()
        .map(|h| format!("「{h}」"))
        .collect::<Vec<_>>()
        .join("");
    match best {
        Some((r, _)) => {
            let row: Vec<String> = sheet.rows[r as usize].iter().filter_map(header_text).collect();
            let headers: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
            for h in table.required_headers().filter(|h| !row.contains(&normalize_key(h))) {
                // A header typed 事業名称 for 事業名: the fix is renaming it.
                let near = sheet.rows[r as usize].iter().enumerate().find_map(|(c, v)| match v {
                    RawValue::Text(t) if super::suggest::near_miss(t, headers.iter().copied()) == Some(h) => Some((c as u32, t.trim().to_string())),
                    _ => None,
                });
                let (place, msg) = match near {
                    Some((c, written)) => (
                        Place::cell(file, &sheet.name, r, c),
                        format!("必須の列「{h}」がありません。見出し「{written}」がその列なら、見出しを「{h}」に直してください"),
                    ),
                    None => (
                        Place { cell: None, ..Place::column(file, &sheet.name, h) },
                        format!("見出し行（{}行目）に必須の列「{h}」がありません。列を追加し、見出しに「{h}」と入力してください", r + 1),
                    ),
                };
                problems.push(Problem::new(codes::COLUMN_MISSING, place, msg));
            }
        }
        None => problems.push(Problem::new(
            codes::COLUMN_MISSING,
            Place::sheet(file, &sheet.name),
            format!("見出し行が見つかりません。上から{HEADER_SEARCH_ROWS}行以内に {wanted} の見出しを並べた行を置いてください"),
        )),
    }
    None
}

fn view<'a>(
    file: &str,
    sheet: &'a RawSheet,
    r: u32,
    table: &Table,
    known: &[(String, &'static str)],
    problems: &mut Vec<Problem>,
) -> TableView<'a> {
    let mut columns = HashMap::new();
    for (c, v) in sheet.rows[r as usize].iter().enumerate() {
        let Some(t) = header_text(v) else { continue };
        let c = c as u32;
        match known.iter().find(|(k, _)| *k == t) {
            Some((_, header)) => {
                if let Some(first) = columns.insert(*header, c) {
                    columns.insert(*header, first); // the first one counts
                    problems.push(Problem::new(
                        codes::COLUMN_DUPLICATE,
                        Place::cell(file, &sheet.name, r, c),
                        format!("列「{header}」が2つあります（{}列と{}列）。どちらか一方を削除してください", crate::xlsx::column_letter(first), crate::xlsx::column_letter(c)),
                    ));
                }
            }
            None => {
                let expected = known.iter().map(|(_, h)| *h).collect::<Vec<_>>().join("、");
                problems.push(Problem::new(
                    codes::COLUMN_UNKNOWN,
                    Place::cell(file, &sheet.name, r, c),
                    format!(
                        "列「{}」は様式にない列なので読み飛ばします。様式の列は {expected} です",
                        match v {
                            RawValue::Text(t) => t.trim(),
                            _ => "",
                        }
                    ),
                ));
            }
        }
    }
    TableView {
        sheet,
        header_row: r,
        columns,
        table: *table,
    }
}
