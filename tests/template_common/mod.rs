//! Helpers for the template tests: unzip a workbook and look into its XML.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use hoshin::schema;

/// Every part of an .xlsx as text, by path inside the zip.
pub fn unzip(path: &Path) -> BTreeMap<String, String> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            parts.insert(entry.name().unwrap().to_string(), text);
        }
    }
    parts
}

/// The value of attribute `name` in the tag `tag` (e.g. `<sheet name="…"`).
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Every `<name …>` or `<name …/>` start tag in `xml`, without its contents.
pub fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // `<sheet` must not match `<sheetView`.
        if after.starts_with([' ', '>', '/']) {
            let end = after.find('>').unwrap();
            out.push(&rest[i..i + open.len() + end + 1]);
        }
        rest = after;
    }
    out
}

/// Every `<name …>…</name>` element (or self-closed tag) in `xml`.
pub fn elements<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let close = format!("</{name}>");
    tags(xml, name)
        .into_iter()
        .map(|tag| {
            let start = tag.as_ptr() as usize - xml.as_ptr() as usize;
            if tag.ends_with("/>") {
                tag
            } else {
                let end = xml[start..].find(&close).unwrap() + close.len();
                &xml[start..start + end]
            }
        })
        .collect()
}

/// Sheet names in workbook order.
pub fn sheet_names(parts: &BTreeMap<String, String>) -> Vec<String> {
    tags(&parts["xl/workbook.xml"], "sheet")
        .iter()
        .map(|t| attr(t, "name").unwrap().to_string())
        .collect()
}

/// The XML of sheet `name` (rust_xlsxwriter names the parts sheet1.xml, … in order).
pub fn sheet_xml<'a>(parts: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    let i = sheet_names(parts).iter().position(|n| n == name).unwrap();
    &parts[&format!("xl/worksheets/sheet{}.xml", i + 1)]
}

/// Whether each cell style (`cellXfs` index) is locked.
pub fn xf_locked(parts: &BTreeMap<String, String>) -> Vec<bool> {
    let styles = &parts["xl/styles.xml"];
    let start = styles.find("<cellXfs").unwrap();
    let end = styles.find("</cellXfs>").unwrap();
    elements(&styles[start..end], "xf")
        .iter()
        .map(|xf| !xf.contains("locked=\"0\""))
        .collect()
}

/// The style index of cell `a1` in a sheet's XML (0 when it has none).
pub fn cell_style(sheet: &str, a1: &str) -> Option<usize> {
    let tag = tags(sheet, "c")
        .into_iter()
        .find(|t| attr(t, "r") == Some(a1))?;
    Some(attr(tag, "s").map_or(0, |s| s.parse().unwrap()))
}

/// The style index of the `<col>` that covers column `col` (1-based).
pub fn col_style(sheet: &str, col: usize) -> Option<usize> {
    tags(sheet, "col").into_iter().find_map(|t| {
        let min: usize = attr(t, "min")?.parse().ok()?;
        let max: usize = attr(t, "max")?.parse().ok()?;
        (min..=max)
            .contains(&col)
            .then(|| attr(t, "style").map_or(0, |s| s.parse().unwrap()))
    })
}

/// `0` → `A`.
pub fn letter(col: usize) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// The column letter of `header` in `table`.
pub fn column_of(table: &schema::Table, header: &str) -> String {
    let i = table
        .columns
        .iter()
        .position(|c| c.header == header)
        .unwrap_or_else(|| panic!("{} has no column {header}", table.sheet));
    letter(i)
}

/// The `<dataValidation>` elements whose range starts in column `col`.
pub fn validations_in<'a>(sheet: &'a str, col: &str) -> Vec<&'a str> {
    elements(sheet, "dataValidation")
        .into_iter()
        .filter(|dv| {
            let sqref = attr(dv, "sqref").unwrap();
            let letters: String = sqref
                .chars()
                .take_while(|c| c.is_ascii_uppercase())
                .collect();
            letters == col
        })
        .collect()
}

/// The text of `<formula1>` in a validation.
pub fn formula1(dv: &str) -> String {
    let start = dv.find("<formula1>").map(|i| i + "<formula1>".len());
    let end = dv.find("</formula1>");
    match (start, end) {
        (Some(s), Some(e)) => dv[s..e]
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
        _ => String::new(),
    }
}
