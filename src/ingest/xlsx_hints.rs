//! Cheap looks inside an .xlsx before calamine reads it, to skip whole passes that
//! cannot find anything: calamine reads merged ranges and cell styles by parsing each
//! sheet's XML again, which costs as much as reading the cells.

use std::io::{BufReader, Read};
use std::path::Path;

/// What the raw parts say may be in the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hints {
    /// Some worksheet has a `<mergeCell>`.
    pub merges: bool,
    /// Some cell format in styles.xml shows numbers as percentages.
    pub percent: bool,
}

impl Hints {
    /// When the parts cannot be read: assume everything, let calamine decide.
    pub const ALL: Hints = Hints {
        merges: true,
        percent: true,
    };
}

/// Inflates the worksheet parts and styles.xml (bounded by
/// [`super::zipguard::MAX_CONTENT_BYTES`] each) and searches them as bytes: no XML
/// parsing, about a fifth of the cost of one calamine pass.
pub fn read(path: &Path) -> Hints {
    let Ok(file) = std::fs::File::open(path) else {
        return Hints::ALL;
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Hints::ALL;
    };
    let mut hints = Hints {
        merges: false,
        percent: false,
    };
    let mut buf = Vec::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            return Hints::ALL;
        };
        let Ok(name) = entry.name().map(|n| n.to_ascii_lowercase()) else {
            return Hints::ALL;
        };
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let styles = name == "xl/styles.xml";
        if !(sheet && !hints.merges || styles) {
            continue;
        }
        buf.clear();
        if entry
            .take(super::zipguard::MAX_CONTENT_BYTES)
            .read_to_end(&mut buf)
            .is_err()
        {
            return Hints::ALL;
        }
        if sheet {
            hints.merges |= memchr::memmem::find(&buf, b"<mergeCell ").is_some();
        } else {
            hints.percent = styles_have_percent(&String::from_utf8_lossy(&buf));
        }
    }
    hints
}

/// True when a cell format (`<cellXfs>`) uses the built-in percent formats 9/10 or a
/// custom `<numFmt>` whose code has a `%`.
fn styles_have_percent(xml: &str) -> bool {
    let mut percent_ids: Vec<String> = vec!["9".into(), "10".into()];
    for part in xml.split("<numFmt ").skip(1) {
        let tag = part.split('>').next().unwrap_or("");
        if let (Some(id), Some(code)) = (attr(tag, "numFmtId"), attr(tag, "formatCode")) {
            if code.contains('%') {
                percent_ids.push(id.to_string());
            }
        }
    }
    let xfs = xml
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .unwrap_or("");
    xfs.split("<xf ").skip(1).any(|xf| {
        let tag = xf.split('>').next().unwrap_or("");
        attr(tag, "numFmtId").is_some_and(|id| percent_ids.iter().any(|p| p == id))
    })
}

/// The value of attribute `name` in `tag` (the text after the element name).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let i = tag
        .match_indices(&key)
        .find(|(i, _)| *i == 0 || tag.as_bytes()[i - 1].is_ascii_whitespace())?
        .0
        + key.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn percent_formats_in_styles() {
        let builtin = r#"<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="9" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
        assert!(styles_have_percent(builtin));
        let custom = r#"<numFmts><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellXfs><xf numFmtId="164"/></cellXfs>"#;
        assert!(styles_have_percent(custom));
        let unused = r#"<numFmts><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellXfs><xf numFmtId="0"/></cellXfs>"#;
        assert!(!styles_have_percent(unused));
        assert!(!styles_have_percent(
            r#"<cellXfs><xf numFmtId="3"/></cellXfs>"#
        ));
    }
}
