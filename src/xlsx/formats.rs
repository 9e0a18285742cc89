//! The cell formats of hoshin's workbooks, all in one place.
//!
//! Three families: [`Styles`] for what hoshin publishes (summary, department
//! workbooks), [`ReportFormats`] for `check-report.xlsx` and [`InputFormats`] for the
//! workbooks departments fill in. They differ on purpose: the input workbook keeps
//! the reader's default font and marks input cells unlocked; publications use
//! [`FONT`] with grey cell borders.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The font every published cell and chart uses (installed with the project's fonts;
/// Excel on Windows falls back to its own Japanese gothic).
pub const FONT: &str = "IPAexゴシック";

/// The fill of header cells in published workbooks and the check report.
const HEAD_FILL: &str = "D9E1F2";
/// The fill of total rows and locked labels.
const GREY_FILL: &str = "F2F2F2";

/// The formats of the published workbooks (summary, department workbooks).
pub struct Styles {
    pub head: Format,
    pub text: Format,
    pub wrap: Format,
    pub int: Format,
    pub dec: Format,
    pub pct: Format,
    pub total_text: Format,
    pub total_int: Format,
    pub total_pct: Format,
    pub title: Format,
    pub heading: Format,
    pub label: Format,
    /// Small print under a table.
    pub note: Format,
}

impl Styles {
    pub(crate) fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color("A6A6A6");
        let head = base
            .clone()
            .set_bold()
            .set_background_color(HEAD_FILL)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let total = base
            .clone()
            .set_bold()
            .set_background_color(GREY_FILL)
            .set_border_top(FormatBorder::Double)
            .set_border_top_color("000000");
        Styles {
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            int: base.clone().set_num_format("#,##0"),
            dec: base.clone().set_num_format("#,##0.0##"),
            pct: base.clone().set_num_format("0.0%"),
            total_int: total.clone().set_num_format("#,##0"),
            total_pct: total.clone().set_num_format("0.0%"),
            total_text: total,
            label: head
                .clone()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            head,
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(14)
                .set_bold(),
            heading: Format::new()
                .set_font_name(FONT)
                .set_font_size(11)
                .set_bold()
                .set_font_color("1F3864"),
            note: Format::new().set_font_name(FONT).set_font_size(9),
        }
    }

    /// `#,##0` for whole numbers, `#,##0.0##` otherwise.
    pub(crate) fn number(&self, n: f64) -> &Format {
        if n.fract() == 0.0 {
            &self.int
        } else {
            &self.dec
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// The formats of `check-report.xlsx`.
pub struct ReportFormats {
    pub head: Format,
    pub body: Format,
    /// 重大度 of an error.
    pub error: Format,
}

impl ReportFormats {
    pub(crate) fn new() -> ReportFormats {
        let body = Format::new()
            .set_font_name(FONT)
            .set_align(FormatAlign::Top)
            .set_text_wrap();
        ReportFormats {
            head: Format::new()
                .set_bold()
                .set_font_name(FONT)
                .set_background_color(HEAD_FILL)
                .set_border(FormatBorder::Thin),
            error: body.clone().set_font_color("C00000"),
            body,
        }
    }
}

impl Default for ReportFormats {
    fn default() -> Self {
        ReportFormats::new()
    }
}

/// The formats of an input workbook (`hoshin template`).
pub struct InputFormats {
    pub title: Format,
    pub header: Format,
    /// A locked label (基本情報 column A, 記入方法).
    pub label: Format,
    pub help: Format,
    /// Input cells of text columns: stored as text, so Excel does not turn `1-2`
    /// into a date.
    pub text: Format,
    /// Input cells that take a number, a date or a text.
    pub mixed: Format,
    pub integer: Format,
    pub amount: Format,
    pub amount_fraction: Format,
    /// A whole number in a number-or-text column: `330,000`.
    pub mixed_integer: Format,
    /// 基本情報's 内容: left-aligned, numbers too (掲載順 in a wide column).
    pub basic: Format,
}

impl InputFormats {
    pub(crate) fn new() -> InputFormats {
        let input = Format::new().set_unlocked().set_align(FormatAlign::Top);
        InputFormats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            label: Format::new()
                .set_background_color(GREY_FILL)
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            help: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
            text: input.clone().set_num_format("@").set_text_wrap(),
            mixed: input.clone().set_text_wrap(),
            integer: input.clone().set_num_format("0"),
            amount: input.clone().set_num_format("#,##0"),
            amount_fraction: input.clone().set_num_format("#,##0.0##"),
            mixed_integer: input.clone().set_text_wrap().set_num_format("#,##0"),
            basic: input.clone().set_text_wrap().set_align(FormatAlign::Left),
        }
    }
}

impl Default for InputFormats {
    fn default() -> Self {
        InputFormats::new()
    }
}
