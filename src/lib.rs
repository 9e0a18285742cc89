//! hoshin: department workbooks in, a city's public documents out.
//!
//! Data flows one way: files → [`ingest`] (raw sheets) → [`check`] (problems and the
//! checked [`model`]) → document trees → PDF / XLSX / HTML.

pub mod draft;
pub mod fonts;
pub mod schema;
