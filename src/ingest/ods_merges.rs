//! Vertically merged cells of an ODS file. calamine has no merge API for ODS, so the
//! spans are read from `content.xml` here.

use quick_xml::events::{BytesStart, Event};

use super::budget::attr;
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

/// Merged ranges `(row0, col0, row1, col1)` per sheet name, 0-based and inclusive.
pub(crate) fn read(path: &Path) -> HashMap<String, Vec<(u32, u32, u32, u32)>> {
    let mut out = HashMap::new();
    let Ok(file) = std::fs::File::open(path) else {
        return out;
    };
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return out;
    };
    let Ok(entry) = archive.by_name("content.xml") else {
        return out;
    };
    // The zip guard has bounded the declared size already; bound the read as well.
    let mut xml = String::new();
    if entry
        .take(super::zipguard::MAX_CONTENT_BYTES)
        .read_to_string(&mut xml)
        .is_err()
    {
        return out;
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut sheet: Option<String> = None;
    let (mut row, mut col) = (0u32, 0u32);
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if e.local_name().into_inner() == "table" {
                    sheet = None;
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        match e.local_name().into_inner() {
            "table" => {
                sheet = attr(&e, "name");
                row = 0;
                if let (Some(s), false) = (&sheet, empty) {
                    out.entry(s.clone()).or_insert_with(Vec::new);
                }
            }
            "table-row" if sheet.is_some() => {
                // Rows are counted at their start; `row` is the index of the next row.
                col = 0;
                row = row.saturating_add(num(&e, "number-rows-repeated"));
            }
            "table-cell" | "covered-table-cell" if sheet.is_some() => {
                let repeat = num(&e, "number-columns-repeated");
                let rows = num(&e, "number-rows-spanned");
                let cols = num(&e, "number-columns-spanned");
                if rows > 1 && e.local_name().into_inner() == "table-cell" {
                    let r = row.saturating_sub(1);
                    if let Some(list) = sheet.as_ref().and_then(|s| out.get_mut(s)) {
                        let end = (r.saturating_add(rows - 1), col.saturating_add(cols - 1));
                        list.push((r, col, end.0, end.1));
                    }
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    out.retain(|_, v| !v.is_empty());
    out
}

fn num(e: &BytesStart<'_>, local: &str) -> u32 {
    attr(e, local)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}
