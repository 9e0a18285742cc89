//! Problems found in the input: a stable code, a severity, a place and a Japanese
//! message that says what is wrong and what would be right.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Informational, e.g. a file in the folder that is not a workbook.
    Note,
}

impl Severity {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Note => "注記",
        }
    }
}

/// A stable problem code. The first letter is the severity (E/W/N); the hundreds
/// digit is the level: 0 file, 1 sheet structure, 2 cell, 3 across files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Code(pub &'static str);

impl Code {
    pub(crate) fn severity(self) -> Severity {
        match self.0.as_bytes()[0] {
            b'E' => Severity::Error,
            b'W' => Severity::Warning,
            _ => Severity::Note,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The catalogue of codes. Codes are never reused for another meaning.
pub mod codes {
    use super::Code;
    pub(crate) const FILE_UNREADABLE: Code = Code("E001");
    pub(crate) const NOT_A_SPREADSHEET: Code = Code("E002");
    pub(crate) const PASSWORD_PROTECTED: Code = Code("E003");
    pub(crate) const EMPTY_FILE: Code = Code("E004");
    pub(crate) const ZIP_BOMB: Code = Code("E005");
    pub(crate) const NO_WORKBOOKS: Code = Code("E006");
    /// Would take more memory than `[check] max_expanded_mib` once read.
    pub(crate) const INPUT_TOO_LARGE: Code = Code("E007");
    pub(crate) const SKIPPED_FILE: Code = Code("N001");

    pub(crate) const SHEET_MISSING: Code = Code("E101");
    pub(crate) const COLUMN_MISSING: Code = Code("E102");
    pub(crate) const COLUMN_UNKNOWN: Code = Code("W103");
    pub(crate) const NO_ROWS: Code = Code("E104");
    pub(crate) const KEY_MISSING: Code = Code("E105");
    pub(crate) const KEY_UNKNOWN: Code = Code("W106");
    pub(crate) const COLUMN_DUPLICATE: Code = Code("E107");
    pub(crate) const SHEET_TOO_LARGE: Code = Code("E108");
    /// Two sheets with one name once normalized (`基本情報` and `基本情報　`).
    pub(crate) const DUPLICATE_SHEET: Code = Code("E109");

    pub(crate) const ERROR_VALUE: Code = Code("E201");
    pub(crate) const DITTO_MARK: Code = Code("E202");
    pub(crate) const CONTROL_CHAR: Code = Code("E203");
    pub(crate) const GLYPH_MISSING: Code = Code("E204");
    pub(crate) const FORMULA_NO_VALUE: Code = Code("E205");
    pub(crate) const REQUIRED_EMPTY: Code = Code("E206");
    pub(crate) const NOT_A_NUMBER: Code = Code("E207");
    pub(crate) const NOT_AN_INTEGER: Code = Code("E208");
    pub(crate) const OUT_OF_RANGE: Code = Code("E209");
    pub(crate) const DUPLICATE_NUMBER: Code = Code("E210");
    pub(crate) const DUPLICATE_SECTION: Code = Code("E211");
    pub(crate) const UNKNOWN_SECTION: Code = Code("E212");
    pub(crate) const UNKNOWN_PROJECT: Code = Code("E213");
    pub(crate) const PROJECT_WITHOUT_INDICATOR: Code = Code("E214");
    pub(crate) const BAD_DIRECTION: Code = Code("E215");
    pub(crate) const BAD_STATUS: Code = Code("E216");
    /// No longer given: an unrecognised 期限 is printed as written (W225).
    pub(crate) const BAD_DEADLINE: Code = Code("E217");
    pub(crate) const BAD_YEAR: Code = Code("E218");
    pub(crate) const HEADLINE_LONG: Code = Code("W220");
    pub(crate) const TOTAL_MISMATCH: Code = Code("W221");
    pub(crate) const STAFF_ZERO: Code = Code("E222");
    pub(crate) const UNIT_MISMATCH: Code = Code("W223");
    pub(crate) const TEXT_BUDGET: Code = Code("W224");
    pub(crate) const DEADLINE_AS_WRITTEN: Code = Code("W225");
    pub(crate) const DEADLINE_PAST: Code = Code("W226");
    pub(crate) const UNIT_CONTRADICTS_COLUMN: Code = Code("E219");
    pub(crate) const APPROXIMATE: Code = Code("N220");
    /// Not finite, or too large to be a figure (`NaN`, `INF`, 1e300).
    pub(crate) const NUMBER_NOT_SANE: Code = Code("E230");
    /// Longer than an Excel cell holds (32,767 characters).
    pub(crate) const TEXT_TOO_LONG: Code = Code("E231");
    /// Invisible or bidi-control characters in a printed text (removed, named).
    pub(crate) const INVISIBLE_CHAR: Code = Code("W230");
    /// A combining mark with nothing to combine with (prints on its own).
    pub(crate) const LONE_MARK: Code = Code("W231");

    pub(crate) const YEAR_DIFFERS: Code = Code("E301");
    pub(crate) const DUPLICATE_DEPARTMENT: Code = Code("E302");
    pub(crate) const DUPLICATE_ORDER: Code = Code("E303");
    /// A department of `department_order` without a workbook: a warning in `check`…
    pub(crate) const DEPARTMENT_MISSING: Code = Code("W304");
    /// …and an error in `build` (unless `--allow-missing`).
    pub(crate) const DEPARTMENT_MISSING_BUILD: Code = Code("E304");
    /// Every code, in the README's order of levels: what `hoshin check` can report.
    pub const ALL: &[Code] = &[
        FILE_UNREADABLE,
        NOT_A_SPREADSHEET,
        PASSWORD_PROTECTED,
        EMPTY_FILE,
        ZIP_BOMB,
        NO_WORKBOOKS,
        INPUT_TOO_LARGE,
        SKIPPED_FILE,
        SHEET_MISSING,
        COLUMN_MISSING,
        COLUMN_UNKNOWN,
        NO_ROWS,
        KEY_MISSING,
        KEY_UNKNOWN,
        COLUMN_DUPLICATE,
        SHEET_TOO_LARGE,
        DUPLICATE_SHEET,
        ERROR_VALUE,
        DITTO_MARK,
        CONTROL_CHAR,
        GLYPH_MISSING,
        FORMULA_NO_VALUE,
        REQUIRED_EMPTY,
        NOT_A_NUMBER,
        NOT_AN_INTEGER,
        OUT_OF_RANGE,
        DUPLICATE_NUMBER,
        DUPLICATE_SECTION,
        UNKNOWN_SECTION,
        UNKNOWN_PROJECT,
        PROJECT_WITHOUT_INDICATOR,
        BAD_DIRECTION,
        BAD_STATUS,
        BAD_DEADLINE,
        BAD_YEAR,
        HEADLINE_LONG,
        TOTAL_MISMATCH,
        STAFF_ZERO,
        UNIT_MISMATCH,
        TEXT_BUDGET,
        DEADLINE_AS_WRITTEN,
        DEADLINE_PAST,
        UNIT_CONTRADICTS_COLUMN,
        APPROXIMATE,
        NUMBER_NOT_SANE,
        TEXT_TOO_LONG,
        INVISIBLE_CHAR,
        LONE_MARK,
        YEAR_DIFFERS,
        DUPLICATE_DEPARTMENT,
        DUPLICATE_ORDER,
        DEPARTMENT_MISSING,
        DEPARTMENT_MISSING_BUILD,
    ];
}

/// Where a problem is. `sheet` and `cell` are absent for file-level problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Place {
    /// File name relative to the input folder.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// A1 notation, e.g. `C7`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// A column header, when the problem is a whole column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl Place {
    pub(crate) fn file(file: &str) -> Self {
        Place {
            file: file.to_string(),
            ..Place::default()
        }
    }
    pub(crate) fn sheet(file: &str, sheet: &str) -> Self {
        Place {
            file: file.to_string(),
            sheet: Some(sheet.to_string()),
            ..Place::default()
        }
    }
    /// `row` and `col` are 0-based.
    pub(crate) fn cell(file: &str, sheet: &str, row: u32, col: u32) -> Self {
        Place {
            cell: Some(crate::xlsx::a1(row, col)),
            ..Place::sheet(file, sheet)
        }
    }
    pub(crate) fn column(file: &str, sheet: &str, header: &str) -> Self {
        Place {
            column: Some(header.to_string()),
            ..Place::sheet(file, sheet)
        }
    }
}

impl fmt::Display for Place {
    /// `企画部.xlsx 個別事業!C7`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " {sheet}")?;
            if let Some(cell) = &self.cell {
                write!(f, "!{cell}")?;
            } else if let Some(col) = &self.column {
                write!(f, "（{col}列）")?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub code: Code,
    pub severity: Severity,
    #[serde(flatten)]
    pub place: Place,
    /// The department's 部名 when known, so reports can be split per department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub message: String,
}

impl Problem {
    pub(crate) fn new(code: Code, place: Place, message: impl Into<String>) -> Self {
        Problem {
            code,
            severity: code.severity(),
            place,
            department: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `企画部.xlsx 個別事業!C7: 担当課「広報室」は…`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// An OS error in Japanese, the system's own text kept in parentheses:
/// `すでに同じ名前のファイルがあります（File exists (os error 17)）`.
pub fn os_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "見つかりません",
        K::PermissionDenied => {
            "権限がありません（読み取り専用か、ほかの人・プログラムが使用中です）"
        }
        K::AlreadyExists => "すでに同じ名前のファイルがあります",
        K::StorageFull => "ディスクの空き容量が足りません",
        K::ReadOnlyFilesystem => "読み取り専用の場所です",
        K::IsADirectory => "ファイルではなくフォルダです",
        K::NotADirectory => "フォルダではありません",
        K::DirectoryNotEmpty => "フォルダが空ではありません",
        K::UnexpectedEof => "ファイルが途中で切れています",
        K::InvalidData => "中身が壊れています",
        K::InvalidInput | K::InvalidFilename => "名前や指定が正しくありません",
        K::TimedOut => "時間内に応答がありません",
        K::Interrupted => "中断されました",
        K::OutOfMemory => "メモリが足りません",
        K::ResourceBusy => "ほかのプログラムが使用中です",
        _ => "読み書きできません",
    };
    format!("{what}（{e}）")
}

/// A reader's (zip, calamine) English error in Japanese, its own text kept in
/// parentheses as the detail for whoever looks further.
pub(crate) fn reader_error(detail: &str) -> String {
    let d = detail.to_ascii_lowercase();
    let what = if d.contains("eocd") || d.contains("central directory") || d.contains("end of") {
        "ZIP の終わりが見つかりません。ファイルが途中で切れているか、保存が終わる前に写されたようです"
    } else if d.contains("zip") {
        "ZIP として壊れています"
    } else if d.contains("password") || d.contains("encrypt") {
        "暗号化されています"
    } else if d.contains("cfb") || d.contains("ole") {
        "Excel 97-2003 形式（.xls）として壊れています"
    } else if d.contains("xml") {
        "中の XML が壊れています"
    } else if d.contains("not found") || d.contains("cannot find") || d.contains("missing") {
        "必要な部分が見つかりません"
    } else if d.contains("unexpected") || d.contains("eof") || d.contains("truncat") {
        "途中で切れています"
    } else {
        "形式が正しくありません"
    };
    format!("{what}（{detail}）")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn errors_in_japanese() {
        let e = std::io::Error::from_raw_os_error(17);
        assert!(
            os_error(&e).starts_with("すでに同じ名前のファイルがあります（"),
            "{}",
            os_error(&e)
        );
        assert_eq!(
            reader_error("invalid Zip archive: Could not find EOCD"),
            "ZIP の終わりが見つかりません。ファイルが途中で切れているか、保存が終わる前に写されたようです（invalid Zip archive: Could not find EOCD）"
        );
    }
}
