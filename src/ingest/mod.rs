//! Reading: a folder of department workbooks → [`RawWorkbook`]s, in parallel.
//!
//! Every calamine type stays in this module. A file that cannot be read becomes a
//! [`FileError`] for that file only; the others are still read.

mod budget;
mod ods_merges;
mod raw;
mod source;
mod xlsx_hints;
pub mod zipguard;

pub use budget::{Limits, TooLarge, DEFAULT_MAX_EXPANDED_MIB};
pub use raw::{decode_excel_escapes, RawSheet, RawValue, RawWorkbook};

use calamine::{Data, DataRef, Reader};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::model::Date;
use crate::schema;
pub use source::prefetch;
use source::Source;

/// Cells past these limits are dropped (and reported): no real department sheet is
/// that large, and a dense grid must not be allocated for a stray far-away cell.
pub const MAX_ROWS: usize = 20_000;
pub(crate) const MAX_COLS: usize = 200;

const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// What a folder holds.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    /// Workbooks, sorted by file name.
    pub workbooks: Vec<PathBuf>,
    /// Other files (not hidden, not lock files, not the configuration).
    pub skipped: Vec<PathBuf>,
}

/// Lists `dir` (not recursively). Hidden files and Excel/LibreOffice lock files are
/// ignored; `hoshin.toml` is the configuration, not a skipped file.
pub(crate) fn list(dir: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue; // .~lock.x.ods# is hidden too
        }
        // A symbolic link is followed: a workbook linked into the folder is read like
        // any other (a broken link is then reported as unreadable, not dropped).
        let kind = entry.file_type()?;
        let file = kind.is_file()
            || (kind.is_symlink() && std::fs::metadata(&path).map_or(true, |m| m.is_file()));
        if !file {
            continue;
        }
        if name == crate::config::FILE_NAME {
            continue;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
            listing.workbooks.push(path);
        } else {
            listing.skipped.push(path);
        }
    }
    listing.workbooks.sort();
    listing.skipped.sort();
    Ok(listing)
}

/// Whether a file name has a workbook extension (.xlsx .xlsm .xls .xlsb .ods).
pub(crate) fn is_workbook_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        WORKBOOK_EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
    })
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum FileError {
    Unreadable(String),
    Empty,
    NotSpreadsheet(String),
    Password,
    ZipBomb {
        total: u64,
        ratio: u64,
    },
    /// Would cost more than the budget once read (see [`budget`]).
    TooLarge(TooLarge),
}

impl From<TooLarge> for FileError {
    fn from(t: TooLarge) -> Self {
        FileError::TooLarge(t)
    }
}

/// The name a file is reported under: its path relative to the input folder.
pub(crate) fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads every workbook in parallel, in the order given.
pub fn read_all(
    paths: &[PathBuf],
    max_uncompressed: u64,
) -> Vec<(String, Result<RawWorkbook, FileError>)> {
    prefetch(paths);
    paths
        .par_iter()
        .map(|p| (display_name(p), read(p, max_uncompressed)))
        .collect()
}

/// Normalizes a sheet name or header for matching: NFKC, white space (incl. U+3000),
/// line breaks and invisible characters (a zero-width space pasted into a header)
/// removed. NFKC also folds full-width brackets to ASCII ones.
pub(crate) fn normalize_key(s: &str) -> String {
    let kept = |c: &char| !c.is_whitespace() && !crate::terminal::is_invisible(*c);
    let s = crate::fold::nfkc(s);
    if s.chars().all(|c| kept(&c)) {
        s.into_owned()
    } else {
        s.chars().filter(kept).collect()
    }
}

/// The contract's sheet names, normalized once.
static SHEET_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    std::iter::once(schema::BASIC_SHEET)
        .chain(schema::TABLES.iter().map(|t| t.sheet))
        .map(normalize_key)
        .collect()
});

fn wanted_sheet(name: &str) -> bool {
    SHEET_KEYS.contains(&normalize_key(name))
}

/// Reads the contract's sheets of one workbook, with the default expansion budget.
pub(crate) fn read(path: &Path, max_uncompressed: u64) -> Result<RawWorkbook, FileError> {
    read_limited(
        path,
        &Limits {
            max_uncompressed,
            max_expanded: DEFAULT_MAX_EXPANDED_MIB << 20,
        },
    )
}

/// Reads the contract's sheets of one workbook; refuses one that would cost more
/// than `limits` once read, before it is expanded.
pub(crate) fn read_limited(path: &Path, limits: &Limits) -> Result<RawWorkbook, FileError> {
    let max_uncompressed = limits.max_uncompressed;
    // Files read at once on every core stay within their total budget.
    let _permit = budget::permit(limits.max_expanded);
    let file_name = display_name(path);
    let unreadable = |e: std::io::Error| FileError::Unreadable(crate::diag::os_error(&e));
    let (source, len, head) = Source::open(path).map_err(unreadable)?;
    if len == 0 {
        return Err(FileError::Empty);
    }
    let is_zip = head[..4] == *b"PK\x03\x04";
    let is_cfb = head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !is_zip && !is_cfb {
        return Err(FileError::NotSpreadsheet(
            "ZIP でも Excel 97 形式でもありません".into(),
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mut wb = RawWorkbook {
        file: file_name,
        ..RawWorkbook::default()
    };
    let result = if is_zip {
        let cells = source.reopen().map_err(unreadable)?;
        let mut archive = match zipguard::open(source, max_uncompressed) {
            Ok(a) => a,
            Err(zipguard::ZipVerdict::Corrupt(e)) => {
                return Err(FileError::NotSpreadsheet(crate::diag::reader_error(&e)))
            }
            Err(zipguard::ZipVerdict::Bomb { total, ratio }) => {
                return Err(FileError::ZipBomb { total, ratio })
            }
        };
        match ext.as_str() {
            "xlsx" | "xlsm" => read_xlsx(cells, archive, limits, &mut wb),
            "xlsb" => {
                budget::xlsb(cells, wanted_sheet, limits.max_expanded)?;
                read_other(path, &mut wb)
            }
            _ => {
                // calamine reads every table of an ODS file at open.
                if let Ok(content) = archive.by_name("content.xml") {
                    budget::ods(
                        std::io::Read::take(content, zipguard::MAX_CONTENT_BYTES),
                        limits.max_expanded,
                    )?;
                }
                read_other(path, &mut wb)
            }
        }
    } else {
        // calamine builds every sheet of an .xls file at open.
        budget::xls(source, limits.max_expanded)?;
        read_other(path, &mut wb)
    };
    result.map(|()| wb)
}

fn map_error(e: calamine::Error) -> FileError {
    use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};
    match e {
        Error::Xlsx(XlsxError::Password)
        | Error::Xls(XlsError::Password)
        | Error::Xlsb(XlsbError::Password)
        | Error::Ods(OdsError::Password) => FileError::Password,
        Error::Io(e) => FileError::Unreadable(crate::diag::os_error(&e)),
        other => FileError::NotSpreadsheet(crate::diag::reader_error(&other.to_string())),
    }
}

fn read_xlsx(
    source: Source,
    mut archive: zipguard::Archive,
    limits: &Limits,
    wb: &mut RawWorkbook,
) -> Result<(), FileError> {
    let mut meter = budget::Meter::new(limits.max_expanded);
    let mut hints = xlsx_hints::Hints::new(wanted_sheet);
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(source).map_err(|e| map_error(calamine::Error::Xlsx(e)))?;
    let names = book.sheet_names();
    wb.all_sheet_names = names.clone();
    for name in names.iter().filter(|n| wanted_sheet(n)) {
        let err = |e: calamine::XlsxError| {
            FileError::NotSpreadsheet(format!(
                "シート「{name}」: {}",
                crate::diag::reader_error(&e.to_string())
            ))
        };
        let mut sheet = RawSheet {
            name: name.clone(),
            ..RawSheet::default()
        };
        let percent_styles;
        {
            // One pass gives each cell's cached value and its formula.
            let mut cells = book.worksheet_cells_reader(name).map_err(err)?;
            // The workbook's style palette tells whether any format shows percentages.
            percent_styles = cells.styles().iter().any(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code, f.format_id))
            });
            while let Some(cell) = cells.next_cell_with_formula().map_err(err)? {
                let (row, col) = cell.pos;
                // Counted before it is copied: a shared string is one in the file but
                // a copy in every cell that refers to it (4 GB from a 267 KB file).
                let text = match (&cell.value, &cell.formula) {
                    (DataRef::Empty, Some(f)) if !f.is_empty() => f.len(),
                    (DataRef::Empty, _) => continue,
                    (DataRef::String(s), _) => s.len(),
                    (DataRef::SharedString(s), _) => s.len(),
                    _ => 0,
                };
                meter.grid(sheet.growth(row, col), Some(name), || {
                    format!("{} 行目・{} 列目までセルがあります", row + 1, col + 1)
                })?;
                meter.text(text as u64, Some(name), || {
                    "セルの文字が合わせて大きすぎます（共有文字列もセルごとに数えます）".to_string()
                })?;
                let value = match (&cell.value, &cell.formula) {
                    (DataRef::Empty, Some(f)) => RawValue::FormulaWithoutValue(f.clone()),
                    (v, _) => convert_ref(v),
                };
                sheet.set(row, col, value);
            }
        }
        // Only indicator values can be typed as percentages; styles cost a second
        // pass, so they are read for that sheet alone.
        // Styles are streamed, not built into a range: one style on an empty cell at
        // XFD1048576 made a range of every cell above and left of it (176 s).
        if percent_styles && normalize_key(name) == normalize_key(schema::INDICATORS.sheet) {
            let mut cells = book.worksheet_cells_reader(name).map_err(err)?;
            let percent: Vec<bool> = cells
                .styles()
                .iter()
                .map(|s| {
                    s.number_format
                        .as_ref()
                        .is_some_and(|f| is_percent_format(&f.format_code, f.format_id))
                })
                .collect();
            while let Some((row, col, style)) = cells.next_style_id().map_err(err)? {
                if percent.get(style).copied().unwrap_or(false) {
                    if let Some(RawValue::Number { percent: p, .. }) = sheet
                        .rows
                        .get_mut(row as usize)
                        .and_then(|r| r.get_mut(col as usize))
                    {
                        *p = true;
                    }
                }
            }
        }
        // A merge only fills an empty cell below a filled one: most sheets have none,
        // and their XML is not looked at again.
        let merges = if sheet.has_gaps() && hints.may_have_merges(&mut archive, name) {
            book.merge_cells_by_sheet_name(name).map_err(err)?
        } else {
            Vec::new()
        };
        let merges: Vec<_> = merges
            .iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        sheet.fill_merges(&merges);
        wb.sheets.push(sheet);
    }
    Ok(())
}

fn read_other(path: &Path, wb: &mut RawWorkbook) -> Result<(), FileError> {
    let mut book = calamine::open_workbook_auto(path).map_err(map_error)?;
    let mut ods_merges = match &book {
        calamine::Sheets::Ods(_) => ods_merges::read(path),
        _ => Default::default(),
    };
    let names = book.sheet_names();
    wb.all_sheet_names = names.clone();
    for name in names.iter().filter(|n| wanted_sheet(n)) {
        let err = |e: calamine::Error| {
            FileError::NotSpreadsheet(format!(
                "シート「{name}」: {}",
                crate::diag::reader_error(&e.to_string())
            ))
        };
        let range = book.worksheet_range(name).map_err(err)?;
        let formulas = book.worksheet_formula(name).unwrap_or_default();
        let styles = book.worksheet_style(name).ok();
        let mut sheet = RawSheet {
            name: name.clone(),
            ..RawSheet::default()
        };
        for (row, col, data) in range.used_cells() {
            let (row, col) = (
                row as u32 + range.start().unwrap_or_default().0,
                col as u32 + range.start().unwrap_or_default().1,
            );
            let mut value = convert(data);
            if let (RawValue::Number { percent, .. }, Some(styles)) = (&mut value, &styles) {
                *percent = styles
                    .get((row, col))
                    .and_then(|s| s.number_format.as_ref())
                    .is_some_and(|f| is_percent_format(&f.format_code, f.format_id));
            }
            sheet.set(row, col, value);
        }
        for (row, col, f) in formulas.used_cells() {
            let (row, col) = (
                row as u32 + formulas.start().unwrap_or_default().0,
                col as u32 + formulas.start().unwrap_or_default().1,
            );
            if !f.is_empty() && matches!(sheet.get(row, col), RawValue::Empty) {
                sheet.set(row, col, RawValue::FormulaWithoutValue(f.clone()));
            }
        }
        if let calamine::Sheets::Xls(xls) = &book {
            if let Ok(m) = xls.merge_cells_by_sheet_name(name) {
                let merges: Vec<_> = m
                    .iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect();
                sheet.fill_merges(&merges);
            }
        }
        if let Some(merges) = ods_merges.remove(name) {
            sheet.fill_merges(&merges);
        }
        wb.sheets.push(sheet);
    }
    Ok(())
}

/// `0%`, `0.0%`, or the built-in ids 9 and 10.
fn is_percent_format(code: &str, id: Option<u32>) -> bool {
    matches!(id, Some(9) | Some(10)) || {
        // A % outside quotes and escapes.
        let mut quoted = false;
        let mut prev = ' ';
        code.chars().any(|c| {
            let hit = c == '%' && !quoted && prev != '\\';
            if c == '"' {
                quoted = !quoted;
            }
            prev = c;
            hit
        })
    }
}

/// A text as printed: escapes decoded, NFC (a 部名 pasted from a Mac arrives
/// decomposed, カ + ゛; matching folds further, with NFKC).
fn text(s: &str) -> RawValue {
    RawValue::Text(crate::fold::nfc(&decode_excel_escapes(s)).into_owned())
}

/// A number as stored; `NaN` or `INF` in a file is what Excel shows as `#NUM!`.
fn number(value: f64) -> RawValue {
    if value.is_finite() {
        RawValue::Number {
            value,
            percent: false,
        }
    } else {
        RawValue::Error("#NUM!".into())
    }
}

fn convert_ref(v: &DataRef<'_>) -> RawValue {
    match v {
        DataRef::Empty => RawValue::Empty,
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Float(f) => number(*f),
        DataRef::Int(i) => RawValue::Number {
            value: *i as f64,
            percent: false,
        },
        DataRef::Bool(b) => RawValue::Bool(*b),
        DataRef::DateTime(d) => date_value(d.as_f64()),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => RawValue::Error(e.to_string()),
    }
}

fn convert(v: &Data) -> RawValue {
    match v {
        Data::Empty => RawValue::Empty,
        Data::String(s) => text(s),
        Data::Float(f) => number(*f),
        Data::Int(i) => RawValue::Number {
            value: *i as f64,
            percent: false,
        },
        Data::Bool(b) => RawValue::Bool(*b),
        Data::DateTime(d) => date_value(d.as_f64()),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => RawValue::Error(e.to_string()),
    }
}

fn date_value(serial: f64) -> RawValue {
    match Date::from_excel_serial(serial) {
        Some(d) => RawValue::Date(d),
        None => number(serial),
    }
}

/// ODS dates arrive as `2004-03-31` or `2004-03-31T00:00:00`.
fn iso_date(s: &str) -> RawValue {
    let day = s.split('T').next().unwrap_or(s);
    let mut it = day.split('-').map(|p| p.parse::<i64>().ok());
    if let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (it.next(), it.next(), it.next()) {
        if let Some(date) = Date::new(y as i32, m as u32, d as u32) {
            return RawValue::Date(date);
        }
    }
    text(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_plain_character_before_a_combining_one_is_composed() {
        assert_eq!(normalize_key("か\u{3099}"), "が");
        assert_eq!(text("か\u{3099}"), RawValue::Text("が".into()));
    }

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%", None));
        assert!(is_percent_format("0.0%", None));
        assert!(is_percent_format("General", Some(9)));
        assert!(!is_percent_format("\"%\"0", None));
        assert!(!is_percent_format("#,##0", None));
    }
    #[test]
    fn keys_normalize() {
        assert_eq!(normalize_key(" 金額(千円) "), normalize_key("金額（千円）"));
        assert_eq!(normalize_key("個別事業"), "個別事業");
        assert_eq!(normalize_key("事業 名"), "事業名");
        assert_eq!(
            normalize_key("目標指標\n（文章）"),
            normalize_key("目標指標（文章）")
        );
        assert_eq!(normalize_key("\u{3000}基本情報"), "基本情報");
    }
}
