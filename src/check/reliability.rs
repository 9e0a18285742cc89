//! Problems of issue 12 (reliability): inputs too large to read.

use super::FileResult;
use crate::diag::{codes, Place, Problem};
use crate::ingest::TooLarge;

impl FileResult {
    /// A workbook refused before it was expanded: the file, the sheet, what was too
    /// big and the setting that raises the limit.
    pub(super) fn too_large(file: &str, t: TooLarge) -> FileResult {
        let place = match &t.sheet {
            Some(sheet) => Place::sheet(file, sheet),
            None => Place::file(file),
        };
        let message = format!(
            "{}。読み込むと約 {} MiB のメモリが要り、上限の {} MiB を超えるため読みません。\
             不要な行・列・書式を削除して保存し直してください（本当に必要な大きさなら \
             hoshin.toml の [check] max_expanded_mib で上限を上げられます）",
            t.what,
            t.bytes.div_ceil(1 << 20),
            t.limit >> 20
        );
        FileResult::with_problem(file, Problem::new(codes::INPUT_TOO_LARGE, place, message))
    }

    /// A file that could not be read: one problem, nothing else known.
    pub(super) fn with_problem(file: &str, problem: Problem) -> FileResult {
        FileResult {
            file: file.to_string(),
            year: None,
            name: None,
            order: None,
            department: None,
            problems: vec![problem],
            rows_read: (0, 0),
            modified: None,
        }
    }
}

/// The most characters an Excel cell holds: a longer text cannot be written to the
/// summary workbooks.
pub(crate) const EXCEL_MAX_CHARS: usize = 32_767;
/// Numbers at least this large (in absolute value) are refused: past 2^53 an f64 no
/// longer holds every integer, and a printed 1e300 is no figure a city publishes.
pub(crate) const MAX_NUMBER: f64 = 1e15;

impl super::cells::CellReader<'_> {
    /// `value` when it is a number a document can print; else a problem at the cell.
    pub(super) fn sane(&mut self, row: u32, col: u32, what: &str, value: f64) -> Option<f64> {
        if value.is_finite() && value.abs() < MAX_NUMBER {
            return Some(value);
        }
        self.report(
            codes::NUMBER_NOT_SANE,
            row,
            col,
            format!(
                "{what}の数値が大きすぎます（絶対値 1,000兆 以上）。正しい値か、単位（千円など）が合っているか確かめてください"
            ),
        );
        None
    }

    /// `value` without invisible and bidi-control characters, each named in a warning
    /// at the cell: they show as nothing, or reorder the text printed after them.
    pub(super) fn visible(&mut self, row: u32, col: u32, what: &str, value: String) -> String {
        if !value.chars().any(crate::terminal::is_invisible) {
            return value;
        }
        let mut named: Vec<String> = value
            .chars()
            .filter(|&c| crate::terminal::is_invisible(c))
            .map(invisible_name)
            .collect();
        named.dedup();
        self.report(
            codes::INVISIBLE_CHAR,
            row,
            col,
            format!(
                "{what}に見えない文字（{}）が含まれています。印刷では取り除きます。元のファイルからも削除してください",
                named.join("、")
            ),
        );
        value
            .chars()
            .filter(|&c| !crate::terminal::is_invisible(c))
            .collect()
    }

    /// Warns (at the cell) of a combining mark with nothing to combine with: at the
    /// start, after a space, or a kana voicing mark (U+3099, U+309A) left over after
    /// NFC. Such a mark prints as a mark of its own beside the character.
    pub(super) fn lone_marks(&mut self, row: u32, col: u32, what: &str, value: &str) {
        use unicode_normalization::char::canonical_combining_class;
        let mut prev: Option<char> = None;
        let mut lone = Vec::new();
        for c in value.chars() {
            let mark = !crate::fold::plain(c) && canonical_combining_class(c) != 0;
            if mark
                && (matches!(c, '\u{3099}' | '\u{309A}')
                    || prev.is_none_or(|p| p.is_whitespace() || p.is_control()))
            {
                lone.push(format!("U+{:04X}", c as u32));
            }
            prev = Some(c);
        }
        lone.dedup();
        if !lone.is_empty() {
            self.report(
                codes::LONE_MARK,
                row,
                col,
                format!(
                    "{what}に単独の結合文字（{}）があり、前の文字と合わさらずに印刷されます。濁点・半濁点は「ガ」「パ」のように合わせた文字で入力してください",
                    lone.join("、")
                ),
            );
        }
    }

    /// False (with a problem at the cell) for a text longer than an Excel cell holds.
    pub(super) fn fits_excel(&mut self, row: u32, col: u32, what: &str, value: &str) -> bool {
        let n = value.chars().count();
        if n <= EXCEL_MAX_CHARS {
            return true;
        }
        self.report(
            codes::TEXT_TOO_LONG,
            row,
            col,
            format!(
                "{what}が {n} 文字あり、Excel のセルに入る {EXCEL_MAX_CHARS} 文字を超えています。短くしてください"
            ),
        );
        false
    }
}

/// Two sheets whose names are the same once normalized (white space, full-width
/// forms): only the first would be read, and the other silently ignored.
pub(super) fn duplicate_sheets(wb: &crate::ingest::RawWorkbook) -> Vec<Problem> {
    use crate::ingest::normalize_key;
    use crate::terminal::escape;
    let mut problems = Vec::new();
    for (i, a) in wb.sheets.iter().enumerate() {
        if let Some(b) = wb.sheets[..i]
            .iter()
            .find(|b| normalize_key(&b.name) == normalize_key(&a.name))
        {
            problems.push(Problem::new(
                codes::DUPLICATE_SHEET,
                Place::sheet(&wb.file, &a.name),
                format!(
                    "シート「{}」は「{}」と同じ名前とみなされます（空白や全角・半角の違いは区別しません）。どちらを読めばよいか分からないので、不要な方を削除するか名前を変えてください",
                    escape(&a.name),
                    escape(&b.name)
                ),
            ));
        }
    }
    problems
}

/// `ゼロ幅スペース U+200B`: what an invisible character is, for a clerk.
pub(crate) fn invisible_name(c: char) -> String {
    let what = match c {
        '\u{200B}' => "ゼロ幅スペース",
        '\u{200C}' => "ゼロ幅非接合子",
        '\u{200D}' => "ゼロ幅接合子",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "文字方向の指定",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "双方向制御文字",
        '\u{2060}' => "ワードジョイナー",
        '\u{FEFF}' => "BOM（ゼロ幅ノーブレークスペース）",
        '\u{00AD}' => "ソフトハイフン",
        _ => "見えない文字",
    };
    format!("{what} U+{:04X}", c as u32)
}
