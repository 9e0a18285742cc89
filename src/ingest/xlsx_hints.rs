//! A cheap look inside an .xlsx before calamine reads it, to skip a whole pass that
//! cannot find anything: calamine reads merged ranges by parsing each sheet's XML
//! again, which costs as much as reading the cells. (Percent formats need no look:
//! calamine's style palette tells.)

use std::io::Read;

use super::zipguard::{Archive, MAX_CONTENT_BYTES};

/// What the raw parts say may be in the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hints {
    /// Some wanted worksheet has a `<mergeCell>`.
    pub merges: bool,
}

impl Hints {
    /// When the parts cannot be read: assume everything, let calamine decide.
    pub const ALL: Hints = Hints { merges: true };
}

/// Inflates the parts of the sheets `wanted` names and searches them as bytes for
/// `<mergeCell `: no XML parsing. One inflater serves every part (a fresh one per
/// part costs more than inflating these small parts).
pub fn read(zip: &mut Archive, wanted: impl Fn(&str) -> bool) -> Hints {
    let Some(parts) = wanted_parts(zip, wanted) else {
        return Hints::ALL;
    };
    let mut inflater = Inflater::default();
    for part in &parts {
        let Some(xml) = inflater.inflate(zip, part) else {
            return Hints::ALL;
        };
        if memchr::memmem::find(xml, b"<mergeCell ").is_some() {
            return Hints { merges: true };
        }
    }
    Hints { merges: false }
}

/// Raw-deflate reader with one reusable state.
struct Inflater {
    state: flate2::Decompress,
    raw: Vec<u8>,
    out: Vec<u8>,
}

impl Default for Inflater {
    fn default() -> Self {
        Inflater {
            state: flate2::Decompress::new(false),
            raw: Vec::new(),
            out: Vec::new(),
        }
    }
}

impl Inflater {
    /// The entry's bytes, or `None` if it is missing, too large or not deflate/stored.
    fn inflate(&mut self, zip: &mut Archive, name: &str) -> Option<&[u8]> {
        let entry = zip.by_name_raw(name.as_bytes()).ok()?;
        let (method, size) = (entry.compression(), entry.size());
        if size > MAX_CONTENT_BYTES {
            return None;
        }
        self.raw.clear();
        entry
            .take(MAX_CONTENT_BYTES)
            .read_to_end(&mut self.raw)
            .ok()?;
        match method {
            zip::CompressionMethod::Stored => Some(&self.raw),
            zip::CompressionMethod::Deflated => {
                self.state.reset(false);
                self.out.clear();
                self.out.reserve(size as usize);
                let status = self
                    .state
                    .decompress_vec(&self.raw, &mut self.out, flate2::FlushDecompress::Finish)
                    .ok()?;
                (status == flate2::Status::StreamEnd).then_some(self.out.as_slice())
            }
            _ => None,
        }
    }
}

/// The zip paths of the sheets whose names `wanted` accepts, from xl/workbook.xml and
/// its relationships. `None` when they cannot be read.
fn wanted_parts(
    zip: &mut super::zipguard::Archive,
    wanted: impl Fn(&str) -> bool,
) -> Option<Vec<String>> {
    let mut text = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name)
            .ok()?
            .take(super::zipguard::MAX_CONTENT_BYTES)
            .read_to_string(&mut s)
            .ok()?;
        Some(s)
    };
    let workbook = text("xl/workbook.xml")?;
    let rels = text("xl/_rels/workbook.xml.rels")?;
    let mut parts = Vec::new();
    for tag in workbook
        .split("<sheet ")
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
    {
        let name = unescape(attr(tag, "name")?);
        if !wanted(&name) {
            continue;
        }
        let id = attr(tag, "r:id")?;
        let rel = rels
            .split("<Relationship ")
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or(""))
            .find(|t| attr(t, "Id") == Some(id))?;
        let target = attr(rel, "Target")?;
        parts.push(match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        });
    }
    Some(parts)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
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
