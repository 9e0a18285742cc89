//! hoshin: department workbooks in, a city's public documents out.
//!
//! Data flows one way: files → [`ingest`] (raw sheets) → [`check`] (problems and the
//! checked [`model`]) → document trees → PDF / XLSX / HTML.

pub mod build;
pub mod check;
pub mod config;
pub mod diag;
pub mod draft;
pub mod fold;
pub mod fonts;
pub mod ingest;
pub mod model;
pub mod outdir;
pub mod output;
pub mod pdf;
pub mod render;
pub mod report;
pub mod sample;
pub mod schema;
pub mod template;
pub mod terminal;
pub mod typeset;
pub mod verify;
pub mod xlsx;
