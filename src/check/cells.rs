//! Reading one cell as a typed value, reporting every way it can be wrong.

use crate::diag::{codes, Code, Place, Problem};
use crate::fonts::{describe_char, Coverage};
use crate::ingest::{normalize_key, RawSheet, RawValue};
use crate::model::{format_number, Approx, Deadline, FiscalYear, Quantity};

use super::values::{
    clean_text, deadline_from_number, parse_deadline, parse_number, split_approx, NumberText,
};

/// Reads cells of one sheet and collects the problems found.
pub(crate) struct CellReader<'a> {
    pub file: &'a str,
    pub sheet: &'a RawSheet,
    pub coverage: &'a Coverage,
    pub problems: &'a mut Vec<Problem>,
}

/// Ditto marks: a cell that says "same as above" instead of repeating the value.
fn is_ditto(s: &str) -> bool {
    s.contains('〃') || matches!(s, "″" | "”" | "同上" | "\"" | "々")
}

impl CellReader<'_> {
    pub(crate) fn place(&self, row: u32, col: u32) -> Place {
        Place::cell(self.file, &self.sheet.name, row, col)
    }

    pub(crate) fn report(&mut self, code: Code, row: u32, col: u32, message: String) {
        let place = self.place(row, col);
        self.problems.push(Problem::new(code, place, message));
    }

    /// The cell's value, or `None` (with a problem) for error values and formulas
    /// without a saved result.
    fn raw(&mut self, row: u32, col: u32, what: &str) -> Option<&RawValue> {
        let sheet = self.sheet;
        match sheet.get(row, col) {
            RawValue::Error(e) => {
                self.report(
                    codes::ERROR_VALUE,
                    row,
                    col,
                    format!(
                        "{what}がエラー値「{e}」です。参照先や式を直すか、値を直接入力してください"
                    ),
                );
                None
            }
            RawValue::FormulaWithoutValue(f) => {
                let f = f.clone();
                self.report(
                    codes::FORMULA_NO_VALUE,
                    row,
                    col,
                    format!("{what}の式「={f}」に計算結果が保存されていません。Excel か LibreOffice で開いて保存し直すか、値を入力してください"),
                );
                None
            }
            v => Some(v),
        }
    }

    /// A text to be printed: checked for ditto marks, control characters and glyphs
    /// the fonts lack. `None` when empty (reported if `required`).
    pub(crate) fn text(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        required: bool,
    ) -> Option<String> {
        let value = match self.raw(row, col, what)? {
            RawValue::Empty => String::new(),
            RawValue::Text(t) => clean_text(t),
            RawValue::Number { value, .. } => format_number(*value),
            RawValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            RawValue::Date(d) => d.wareki(),
            RawValue::Error(_) | RawValue::FormulaWithoutValue(_) => {
                unreachable!("handled by raw()")
            }
        };
        if value.is_empty() {
            if required {
                self.report(
                    codes::REQUIRED_EMPTY,
                    row,
                    col,
                    format!("{what}が空欄です。入力してください"),
                );
            }
            return None;
        }
        let value = self.visible(row, col, what, value);
        self.lone_marks(row, col, what, &value);
        if !self.printable(row, col, what, &value) {
            return None;
        }
        if !self.fits_excel(row, col, what, &value) {
            return None;
        }
        Some(value)
    }

    /// Ditto marks, control characters and missing glyphs; true when the text is fine.
    fn printable(&mut self, row: u32, col: u32, what: &str, value: &str) -> bool {
        let mut ok = true;
        if is_ditto(value) {
            self.report(
                codes::DITTO_MARK,
                row,
                col,
                format!("{what}に「〃」（同上）が使われています。上の行と同じ内容をそのまま入力してください"),
            );
            ok = false;
        }
        let controls: Vec<String> = value
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        if !controls.is_empty() {
            self.report(
                codes::CONTROL_CHAR,
                row,
                col,
                format!(
                    "{what}に制御文字（{}）が含まれています。その文字を削除してください",
                    controls.join(", ")
                ),
            );
            ok = false;
        }
        for c in self.coverage.missing(value) {
            if c.is_control() {
                continue; // reported above
            }
            let msg = if is_private_use(c) {
                format!(
                    "{what}に外字（U+{:04X}、私用領域の文字）があります。この PC でしか表示できない文字なので、常用の字体に置き換えるか、かなで書いてください",
                    c as u32
                )
            } else {
                format!(
                    "{what}の文字 {} は印刷用フォント（IPAex明朝・ゴシック）にありません。常用の字体に置き換えてください（例: 𠮷→吉）",
                    describe_char(c)
                )
            };
            self.report(codes::GLYPH_MISSING, row, col, msg);
            ok = false;
        }
        ok
    }

    fn kanji_numeral(&mut self, row: u32, col: u32, what: &str, text: &str) {
        let msg = format!(
            "{what}「{}」が漢数字です。算用数字（0〜9）で入力してください",
            clean_text(text)
        );
        self.report(codes::NOT_A_NUMBER, row, col, msg);
    }

    /// A number: number cells, or texts such as `３３０，０００`, `▲20`, `120件`.
    pub(crate) fn number(&mut self, row: u32, col: u32, what: &str, required: bool) -> Option<f64> {
        self.number_with_unit(row, col, what, required)
            .map(|(v, _)| v)
    }

    /// A number and the unit written after it in a text (`3,184,562円` → 円).
    pub(crate) fn number_with_unit(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        required: bool,
    ) -> Option<(f64, Option<String>)> {
        let (n, unit) = match self.raw(row, col, what)?.clone() {
            RawValue::Number { value, percent } => {
                Some((if percent { round(value * 100.0) } else { value }, None))
            }
            RawValue::Text(t) if !t.trim().is_empty() => match parse_number(&t, None) {
                NumberText::Number { value, unit } => Some((value, unit)),
                NumberText::Kanji => {
                    self.kanji_numeral(row, col, what, &t);
                    None
                }
                NumberText::NotANumber => {
                    self.report(codes::NOT_A_NUMBER, row, col, format!("{what}「{}」を数値として読めません。数値（例: 1,234）を入力してください", clean_text(&t)));
                    None
                }
            },
            RawValue::Empty | RawValue::Text(_) => {
                if required {
                    self.report(
                        codes::REQUIRED_EMPTY,
                        row,
                        col,
                        format!("{what}が空欄です。数値を入力してください"),
                    );
                }
                None
            }
            other => {
                let shown = match other {
                    RawValue::Bool(b) => b.to_string(),
                    RawValue::Date(d) => d.wareki(),
                    _ => String::new(),
                };
                self.report(
                    codes::NOT_A_NUMBER,
                    row,
                    col,
                    format!("{what}「{shown}」を数値として読めません。数値を入力してください"),
                );
                None
            }
        }?;
        self.sane(row, col, what, n).map(|v| (v, unit))
    }

    /// The unit written after the number in a text cell (`3,184,562円` → 円), if any.
    pub(crate) fn written_unit(&self, row: u32, col: u32) -> Option<String> {
        match self.sheet.get(row, col) {
            RawValue::Text(t) => match parse_number(t, None) {
                NumberText::Number { unit, .. } => unit,
                _ => None,
            },
            _ => None,
        }
    }

    /// A whole number ≥ `min`.
    pub(crate) fn integer(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        required: bool,
        min: i64,
    ) -> Option<i64> {
        let n = self.number(row, col, what, required)?;
        if n.fract() != 0.0 {
            self.report(
                codes::NOT_AN_INTEGER,
                row,
                col,
                format!(
                    "{what}「{}」は整数ではありません。整数を入力してください",
                    format_number(n)
                ),
            );
            return None;
        }
        if n < min as f64 {
            let rule = if min >= 1 {
                "1以上の整数"
            } else {
                "0以上の整数"
            };
            self.report(
                codes::OUT_OF_RANGE,
                row,
                col,
                format!(
                    "{what}「{}」は使えません。{rule}を入力してください",
                    format_number(n)
                ),
            );
            return None;
        }
        Some(n as i64)
    }

    /// A non-negative number.
    pub(crate) fn non_negative(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        required: bool,
    ) -> Option<f64> {
        let n = self.number(row, col, what, required)?;
        if n < 0.0 {
            self.report(
                codes::OUT_OF_RANGE,
                row,
                col,
                format!(
                    "{what}「{}」が負の値です。0以上の数値を入力してください",
                    format_number(n)
                ),
            );
            return None;
        }
        Some(n)
    }

    /// A number or a text (基準値, 目標値, 実績値), with the unit a text like `80%` carries
    /// and a qualifier (`約50`, `100%以上`: the number is used, the word printed, a note given).
    pub(crate) fn quantity(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        required: bool,
        row_unit: Option<&str>,
    ) -> Option<(Quantity, Option<String>, Option<Approx>)> {
        match self.raw(row, col, what)?.clone() {
            RawValue::Number {
                value,
                percent: true,
            } => self
                .sane(row, col, what, round(value * 100.0))
                .map(|v| (Quantity::Number(v), Some("%".into()), None)),
            RawValue::Number { value, .. } => self
                .sane(row, col, what, value)
                .map(|v| (Quantity::Number(v), None, None)),
            RawValue::Text(t) if !t.trim().is_empty() => match parse_number(&t, row_unit) {
                NumberText::Number { value, unit } => self
                    .sane(row, col, what, value)
                    .map(|v| (Quantity::Number(v), unit, None)),
                NumberText::Kanji => {
                    self.kanji_numeral(row, col, what, &t);
                    None
                }
                NumberText::NotANumber => {
                    if let Some((approx, body)) = split_approx(&t) {
                        if let NumberText::Number { value, unit } = parse_number(&body, row_unit) {
                            self.report(
                                codes::APPROXIMATE,
                                row,
                                col,
                                format!("{what}「{}」は数値 {} として読み（達成率もこの数値で計算します）、{}は添えて印刷します。ちょうどの数値なら数値だけを入力してください", clean_text(&t), format_number(value), [approx.before, approx.after].iter().filter(|w| !w.is_empty()).map(|w| format!("「{w}」")).collect::<String>()),
                            );
                            return self
                                .sane(row, col, what, value)
                                .map(|v| (Quantity::Number(v), unit, Some(approx)));
                        }
                    }
                    self.text(row, col, what, required)
                        .map(|t| (Quantity::Text(t), None, None))
                }
            },
            _ => self
                .text(row, col, what, required)
                .map(|t| (Quantity::Text(t), None, None)),
        }
    }

    /// 期限: every form people write is read (see [`parse_deadline`]); anything else
    /// is kept as written with a warning, since 期限 is only printed.
    pub(crate) fn deadline(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        year: Option<FiscalYear>,
    ) -> Option<Deadline> {
        let raw = self.raw(row, col, what)?;
        let parsed = match raw {
            RawValue::Empty => return None,
            RawValue::Date(d) => return Some(Deadline::Date(*d)),
            RawValue::Number { value, .. } => deadline_from_number(*value),
            RawValue::Text(t) if t.trim().is_empty() => return None,
            RawValue::Text(t) => parse_deadline(t, year),
            RawValue::Bool(_) => None,
            RawValue::Error(_) | RawValue::FormulaWithoutValue(_) => return None,
        };
        if parsed.is_some() {
            return parsed;
        }
        let shown = match raw {
            RawValue::Number { value, .. } => format_number(*value),
            RawValue::Text(t) => clean_text(t),
            RawValue::Bool(b) => b.to_string(),
            _ => String::new(),
        };
        if !self.printable(row, col, what, &shown) {
            return None;
        }
        self.report(
            codes::DEADLINE_AS_WRITTEN,
            row,
            col,
            format!("{what}「{shown}」は期限の書き方として読めないので、書かれたとおりに印刷します。そろえる場合は「令和8年度末」「令和8年9月末」「令和8年度中」「2026/3/31」のように入力してください"),
        );
        Some(Deadline::Written(shown))
    }

    /// 年度.
    pub(crate) fn fiscal_year(&mut self, row: u32, col: u32, what: &str) -> Option<FiscalYear> {
        let (parsed, shown) = match self.raw(row, col, what)?.clone() {
            RawValue::Empty => {
                self.report(
                    codes::REQUIRED_EMPTY,
                    row,
                    col,
                    format!("{what}が空欄です。「令和8年度」のように入力してください"),
                );
                return None;
            }
            RawValue::Number { value, .. }
                if value.fract() == 0.0 && (1900.0..=2200.0).contains(&value) =>
            {
                (Some(FiscalYear(value as i32)), String::new())
            }
            RawValue::Number { value, .. } => (None, format_number(value)),
            RawValue::Text(t) => (FiscalYear::parse(&t), clean_text(&t)),
            RawValue::Date(d) => (None, d.wareki()),
            RawValue::Bool(b) => (None, b.to_string()),
            RawValue::Error(_) | RawValue::FormulaWithoutValue(_) => return None,
        };
        if parsed.is_none() {
            self.report(
                codes::BAD_YEAR,
                row,
                col,
                format!("{what}「{shown}」を年度として読めません。「平成15年度」「令和8年度」「R8」「2026」のように入力してください"),
            );
        }
        parsed
    }

    /// One of `allowed` (after trimming); empty gives `None` without a problem.
    pub(crate) fn choice(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        allowed: &[&str],
        code: Code,
    ) -> Option<Result<String, ()>> {
        let t = match self.raw(row, col, what)?.clone() {
            RawValue::Empty => return None,
            RawValue::Text(t) => clean_text(&t),
            _ => String::new(),
        };
        if t.is_empty() && matches!(self.sheet.get(row, col), RawValue::Text(_)) {
            return None;
        }
        let key = normalize_key(&t);
        if let Some(hit) = allowed.iter().find(|a| normalize_key(a) == key) {
            return Some(Ok(hit.to_string()));
        }
        self.report(
            code,
            row,
            col,
            format!(
                "{what}「{t}」は使えません。{} のいずれかを入力してください",
                allowed.join("、")
            ),
        );
        Some(Err(()))
    }
}

/// 外字: a character of a Unicode private use area, shown only by the PC that made it.
fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Percentages read from a 0.8 cell print as 80, not 80.00000000000001.
fn round(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}
