//! The xlsx kit: what every workbook hoshin writes (the input template, the check
//! report, the summary, the department workbooks, the open data) shares, written once.
//!
//! - [`widths`]: column widths and line counts for Japanese text;
//! - [`formats`]: the font and the cell formats of each kind of workbook;
//! - [`page`]: A4 print setup and row heights for wrapped text;
//! - [`address`]: A1 addresses and column letters;
//! - [`text`]: Excel's limits on texts (sheet names, validation messages, header and
//!   footer codes, a formula's cached result).
//!
//! The kit knows nothing of departments or the contract: it sits with the foundations
//! (`tests/layers.rs`), below `diag`, `template`, `report` and `render`.

pub mod address;
pub mod formats;
pub mod page;
pub mod text;
pub mod widths;

pub use address::{a1, column_letter};
pub use formats::{InputFormats, ReportFormats, Styles, FONT};
pub use page::{properties, Print, RowHeights};
pub use text::{clip, formula_result, header_text, unique_sheet_name};
