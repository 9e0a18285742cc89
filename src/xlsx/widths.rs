//! Column widths for Japanese text (part of the [xlsx kit](super)).
//!
//! Excel measures a column in "character units": the width of the digit `0` in the
//! default font. A full-width character (kanji, kana, 「」、。) is about two such units
//! and a half-width one about one. rust_xlsxwriter's `autofit` counts every non-ASCII
//! character as 8 px, about one unit, so Japanese columns come out half as wide as they
//! should be. Every workbook writer in the project (template, check report, summary)
//! sizes its columns with [`column_width`] instead.
//!
//! Widths come from East Asian Width with ambiguous characters counted as wide (the
//! `cjk` rules of `unicode-width`), which is how Japanese fonts draw ○, ●, ※ and ・.

use unicode_width::UnicodeWidthChar;

/// Space added to the longest line, in character units, so text does not touch the
/// cell border (Excel's own autofit leaves about this much).
pub(crate) const PADDING: f64 = 1.5;

/// Narrowest column [`column_width`] gives by default.
pub(crate) const MIN_WIDTH: f64 = 4.0;

/// Widest column [`column_width`] gives by default; wider text should wrap.
pub(crate) const MAX_WIDTH: f64 = 80.0;

/// Excel's hard limit for a column width.
pub(crate) const EXCEL_MAX_WIDTH: f64 = 255.0;

/// Display width of `text` in half-width units: full-width characters count 2,
/// half-width ones 1. For multi-line text (`\n`, `\r\n` or `\r`) it is the width of the
/// longest line.
///
/// ```
/// use hoshin::xlsx::widths::text_width;
/// assert_eq!(text_width("企画部"), 6);
/// assert_eq!(text_width("R7"), 2);
/// assert_eq!(text_width("広報課\n企画経営室"), 10);
/// ```
pub fn text_width(text: &str) -> usize {
    text.split(['\n', '\r'])
        // Control characters (a tab) have no width: `width_cjk` gives them `None`.
        .map(|line| line.chars().map(|c| c.width_cjk().unwrap_or(0)).sum())
        .max()
        .unwrap_or(0)
}

/// Column width, in Excel character units, that shows the longest of `texts` on one
/// line: its [`text_width`] plus [`PADDING`], clamped to `min..=max` (and to Excel's
/// limit of 255). With no texts the result is `min`.
///
/// ```
/// use hoshin::xlsx::widths::column_width;
/// // 「ホームページのアクセス件数」: 13 full-width characters = 26 units + padding.
/// let w = column_width(["指標名", "ホームページのアクセス件数"], 8.0, 60.0);
/// assert_eq!(w, 27.5);
/// // Long text is clamped (it wraps in the cell instead).
/// assert_eq!(column_width(["あ".repeat(100).as_str()], 8.0, 60.0), 60.0);
/// ```
pub fn column_width<'a>(texts: impl IntoIterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let max = max.min(EXCEL_MAX_WIDTH);
    let min = min.min(max);
    texts
        .into_iter()
        .map(|t| text_width(t) as f64 + PADDING)
        .fold(min, f64::max)
        .clamp(min, max)
}

/// [`column_width`] with the default clamps [`MIN_WIDTH`]..=[`MAX_WIDTH`].
///
/// ```
/// use hoshin::xlsx::widths::auto_width;
/// assert_eq!(auto_width(["課名", "情報推進課"]), 11.5);
/// assert_eq!(auto_width(std::iter::empty()), 4.0);
/// ```
pub fn auto_width<'a>(texts: impl IntoIterator<Item = &'a str>) -> f64 {
    column_width(texts, MIN_WIDTH, MAX_WIDTH)
}

/// Lines `text` takes when wrapped in a column `width` units wide: each line of the
/// text (see [`text_width`]) takes its width divided by the usable width, rounded up,
/// and at least one line. An estimate (Excel breaks at characters, not units), used to
/// give rows of wrapped text a height, which neither Excel nor LibreOffice reliably
/// computes when a file is opened.
///
/// ```
/// use hoshin::xlsx::widths::line_count;
/// assert_eq!(line_count("企画部", 20.0), 1);
/// // 30 full-width characters = 60 units in a column of 31.5 (30 usable): 2 lines.
/// assert_eq!(line_count(&"あ".repeat(30), 31.5), 2);
/// assert_eq!(line_count("一行目\n二行目", 20.0), 2);
/// ```
pub fn line_count(text: &str, width: f64) -> usize {
    let usable = (width - PADDING).max(1.0);
    text.split('\n')
        .map(|line| {
            let w = text_width(line.trim_end_matches('\r')) as f64;
            ((w / usable).ceil() as usize).max(1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_counts_two() {
        assert_eq!(text_width("あいう"), 6);
        assert_eq!(text_width("漢字"), 4);
        assert_eq!(text_width("「」、。・ー"), 12);
        assert_eq!(text_width("（千円）"), 8);
        assert_eq!(text_width("３３０，０００"), 14);
    }

    #[test]
    fn half_width_counts_one() {
        assert_eq!(text_width("330,000"), 7);
        assert_eq!(text_width("ｱｲｳ"), 3);
        assert_eq!(text_width(""), 0);
    }

    #[test]
    fn ambiguous_width_is_wide() {
        // ○ ● ※ are ambiguous: Japanese fonts draw them full-width.
        assert_eq!(text_width("●○※"), 6);
    }

    #[test]
    fn mixed_text() {
        assert_eq!(text_width("企画経営室 内線2150"), 10 + 1 + 4 + 4);
        assert_eq!(text_width("80%"), 3);
    }

    #[test]
    fn multi_line_uses_longest_line() {
        assert_eq!(text_width("短い\nずっと長い行です\n中"), 16);
        assert_eq!(text_width("ab\r\nabcdef\rabc"), 6);
        assert_eq!(text_width("\n\n"), 0);
    }

    #[test]
    fn control_characters_have_no_width() {
        assert_eq!(text_width("a\tb"), 2);
    }

    #[test]
    fn clamps() {
        assert_eq!(column_width(["a"], 6.0, 20.0), 6.0);
        assert_eq!(column_width(["あ".repeat(50).as_str()], 6.0, 20.0), 20.0);
        assert_eq!(column_width(["あいう"], 2.0, 20.0), 7.5);
        assert_eq!(column_width(std::iter::empty(), 6.0, 20.0), 6.0);
        // Excel's limit wins over a larger max.
        assert_eq!(column_width(["x".repeat(400).as_str()], 6.0, 1000.0), 255.0);
        // A min above max gives max.
        assert_eq!(column_width(["a"], 30.0, 20.0), 20.0);
    }

    #[test]
    fn wrapped_lines() {
        assert_eq!(line_count("", 10.0), 1);
        assert_eq!(line_count("abcdefghij", 11.5), 1);
        assert_eq!(line_count("abcdefghijk", 11.5), 2);
        assert_eq!(line_count("a\r\nb\nc", 10.0), 3);
        assert_eq!(line_count(&"あ".repeat(100), 1.0), 200);
    }

    #[test]
    fn longest_text_wins() {
        let w = column_width(["番号", "1", "12345678"], 1.0, 100.0);
        assert_eq!(w, 8.0 + PADDING);
    }
}
