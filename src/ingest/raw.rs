//! What `ingest` hands to `check`: sheets of plain values, no calamine types.

use crate::model::Date;

/// One cell as stored in the file, before any interpretation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RawValue {
    #[default]
    Empty,
    /// A string, with Excel's `_xHHHH_` escapes decoded; not trimmed.
    Text(String),
    /// A number; `percent` when the cell's format shows it as a percentage
    /// (Excel stores a typed `80%` as 0.8).
    Number {
        value: f64,
        percent: bool,
    },
    Bool(bool),
    /// A cell the application formats as a date.
    Date(Date),
    /// An Excel error value such as `#N/A`.
    Error(String),
    /// A formula whose result was never saved (e.g. written by openpyxl).
    FormulaWithoutValue(String),
}

impl RawValue {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            RawValue::Empty => true,
            RawValue::Text(t) => t.trim_matches(|c: char| c.is_whitespace()).is_empty(),
            _ => false,
        }
    }
}

/// A sheet as a dense grid from A1.
#[derive(Debug, Clone, Default)]
pub struct RawSheet {
    /// The name as written in the file.
    pub name: String,
    pub rows: Vec<Vec<RawValue>>,
    /// Cells beyond the limits were dropped (see [`super::MAX_ROWS`]).
    pub truncated: bool,
}

static EMPTY: RawValue = RawValue::Empty;

impl RawSheet {
    /// The cell at 0-based `(row, col)`; empty outside the grid.
    pub(crate) fn get(&self, row: u32, col: u32) -> &RawValue {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }

    pub(crate) fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    /// Cells (and row headers) [`RawSheet::set`] would add to the grid for a value at
    /// `(row, col)`: what a far-away cell costs before it is placed.
    pub(crate) fn growth(&self, row: u32, col: u32) -> u64 {
        if row as usize >= super::MAX_ROWS || col as usize >= super::MAX_COLS {
            return 0;
        }
        let new_rows = (row as u64 + 1).saturating_sub(self.rows.len() as u64);
        let len = self.rows.get(row as usize).map_or(0, Vec::len) as u64;
        new_rows + (col as u64 + 1).saturating_sub(len)
    }

    pub(crate) fn set(&mut self, row: u32, col: u32, value: RawValue) {
        if row as usize >= super::MAX_ROWS || col as usize >= super::MAX_COLS {
            if !value.is_empty() {
                self.truncated = true;
            }
            return;
        }
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut self.rows[r];
        if line.len() <= c {
            line.resize_with(c + 1, RawValue::default);
        }
        line[c] = value;
    }

    /// True when some cell is empty below a filled cell of its column (past the end
    /// of a shorter row counts as empty): only then can a vertical merge add anything.
    pub(crate) fn has_gaps(&self) -> bool {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut filled_above = vec![false; width];
        for row in &self.rows {
            for (c, above) in filled_above.iter_mut().enumerate() {
                if row.get(c).is_some_and(|v| !v.is_empty()) {
                    *above = true;
                } else if *above {
                    return true;
                }
            }
        }
        false
    }

    /// Copies the top cell of each vertically merged range into the cells below it,
    /// as the contract says a merged value applies to every row of the range. A range
    /// reaching past the sheet's last row adds no rows. Each column's ranges are
    /// sorted and each cell visited once: 100,000 overlapping ranges, each cell of
    /// every range visited, took 90 s. (Overlapping ranges are not valid in Excel; the
    /// first range to reach a cell fills it.)
    pub(crate) fn fill_merges(&mut self, merges: &[(u32, u32, u32, u32)]) {
        let last = (self.rows.len() as u32).saturating_sub(1);
        // The value sits in the range's first column; a horizontal span adds nothing.
        let mut ranges: Vec<(u32, u32, u32)> = merges
            .iter()
            .filter(|&&(r0, _, r1, _)| r1 > r0 && r0 < last)
            .map(|&(r0, c, r1, _)| (c, r0, r1.min(last)))
            .collect();
        ranges.sort_unstable();
        let mut column = None;
        // The first row of `column` no earlier range has visited.
        let mut next = 0;
        for (c, r0, r1) in ranges {
            if column != Some(c) {
                column = Some(c);
                next = 0;
            }
            let top = self.get(r0, c).clone();
            if top.is_empty() {
                continue;
            }
            for r in (r0 + 1).max(next)..=r1 {
                if self.get(r, c).is_empty() {
                    self.set(r, c, top.clone());
                }
            }
            next = next.max(r1 + 1);
        }
    }
}

/// A workbook's sheets that the contract names (others are not read).
#[derive(Debug, Clone, Default)]
pub struct RawWorkbook {
    /// File name relative to the input folder, for messages.
    pub file: String,
    pub sheets: Vec<RawSheet>,
    /// Every sheet name in the file, for "sheet missing" messages.
    pub all_sheet_names: Vec<String>,
}

/// Decodes Excel's `_xHHHH_` escapes (`_x000D_` is a carriage return); `_x005F_x…`
/// stands for a literal `_x…`.
pub fn decode_excel_escapes(s: &str) -> std::borrow::Cow<'_, str> {
    let b = s.as_bytes();
    // memchr for the rare `_`: str::contains("_x") was a tenth of reading a text cell.
    if !memchr::memchr_iter(b'_', b).any(|i| b.get(i + 1) == Some(&b'x')) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'_' && i + 7 <= b.len() && b[i + 1] == b'x' && b[i + 6] == b'_' {
            if let Ok(code) = u32::from_str_radix(&s[i + 2..i + 6], 16) {
                if code == 0x5F && s[i + 7..].starts_with("x") {
                    out.push('_');
                    i += 7;
                    continue;
                }
                if let Some(c) = char::from_u32(code) {
                    out.push(c);
                    i += 7;
                    continue;
                }
            }
        }
        let ch = s[i..].chars().next().unwrap_or('\u{FFFD}');
        out.push(ch);
        i += ch.len_utf8();
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn excel_escapes() {
        assert_eq!(decode_excel_escapes("a_x000D_b"), "a\rb");
        assert_eq!(decode_excel_escapes("企画_x0007_部"), "企画\u{7}部");
        assert_eq!(decode_excel_escapes("_x005F_x000D_"), "_x000D_");
        assert_eq!(decode_excel_escapes("no_xescape"), "no_xescape");
    }

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        let mut s = RawSheet::default();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    s.set(r as u32, c as u32, RawValue::Text(v.to_string()));
                }
            }
        }
        s
    }

    #[test]
    fn gaps_are_empty_cells_below_filled_ones() {
        assert!(!sheet(&[&["番号", "内容"], &["1", "a"], &["2", "b"]]).has_gaps());
        // Empty above a filled cell is not a gap; empty below one is.
        assert!(!sheet(&[&["", "x"], &["1", "a"]]).has_gaps());
        assert!(sheet(&[&["番号", "内容"], &["1", "a"], &["2", ""]]).has_gaps());
        // A shorter row leaves its last columns empty.
        assert!(sheet(&[&["a", "b", "c"], &["1"]]).has_gaps());
    }

    #[test]
    fn merges_fill_down_within_the_sheet() {
        let mut s = sheet(&[&["課", "事業"], &["広報課", "a"], &["", "b"]]);
        // C2:C5 in A1 terms: rows 1..=4 of column 0, past the last row (2).
        s.fill_merges(&[(1, 0, 4, 0)]);
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.get(2, 0), &RawValue::Text("広報課".into()));
    }
}
