//! A sheet on paper and on screen: print setup, row heights for wrapped text, the
//! document properties.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Worksheet, XlsxError};

use super::text::header_text;
use super::widths::line_count;

/// How a sheet prints: always A4 and one page wide (the sheets get printed for
/// review meetings).
#[derive(Debug, Clone, Copy, Default)]
pub struct Print<'a> {
    pub landscape: bool,
    /// Rows printed on every page (first, last; 0-based).
    pub repeat: Option<(u32, u32)>,
    pub gridlines: bool,
    /// Narrow margins, the sheet name in the header, this title and page numbers in
    /// the footer (what hoshin publishes).
    pub footer: Option<&'a str>,
}

impl<'a> Print<'a> {
    /// A published sheet: `title` and page numbers in the footer.
    pub(crate) fn published(title: &'a str, landscape: bool, repeat: Option<(u32, u32)>) -> Self {
        Print {
            landscape,
            repeat,
            gridlines: false,
            footer: Some(title),
        }
    }

    pub(crate) fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        const A4: u8 = 9;
        ws.set_paper_size(A4).set_print_fit_to_pages(1, 0);
        if self.landscape {
            ws.set_landscape();
        } else {
            ws.set_portrait();
        }
        if self.gridlines {
            ws.set_print_gridlines(true);
        }
        if let Some(title) = self.footer {
            ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
            ws.set_header("&L&A");
            ws.set_footer(format!("&L{}&R&P / &N", header_text(title)));
        }
        if let Some((first, last)) = self.repeat {
            ws.set_repeat_rows(first, last)?;
        }
        Ok(())
    }
}

/// Row heights for wrapped text: `line` points per line plus `pad`.
#[derive(Debug, Clone, Copy)]
pub struct RowHeights {
    pub line: f64,
    pub pad: f64,
}

impl RowHeights {
    /// Published workbooks ([`super::FONT`] at 11 pt).
    pub(crate) const PUBLISHED: RowHeights = RowHeights {
        line: 15.0,
        pad: 3.0,
    };
    /// Input workbooks: the default font at 11 pt (Japanese glyphs need a little more
    /// than Calibri's 15).
    pub(crate) const INPUT: RowHeights = RowHeights {
        line: 16.5,
        pad: 2.0,
    };

    /// The height of `lines` lines, without Excel's limit.
    pub(crate) fn of(&self, lines: usize) -> f64 {
        lines as f64 * self.line + self.pad
    }

    /// Gives `row` the height its wrapped texts need, each `(text, column width)`.
    /// Single-line rows keep the default height, which Excel adjusts by itself.
    pub(crate) fn fit<S: AsRef<str>>(
        &self,
        ws: &mut Worksheet,
        row: u32,
        texts: impl IntoIterator<Item = (S, f64)>,
    ) -> Result<(), XlsxError> {
        let lines = texts
            .into_iter()
            .map(|(t, w)| line_count(t.as_ref(), w))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            // 409 pt is Excel's limit.
            ws.set_row_height(row, self.of(lines).min(409.0))?;
        }
        Ok(())
    }
}

/// Title, author and creation date (`time`: seconds since 1970, never the clock).
pub fn properties(title: &str, author: &str, time: i64) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_creation_datetime(&ExcelDateTime::from_timestamp(time)?))
}
