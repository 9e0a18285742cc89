//! A cheap look inside an .xlsx, to skip a pass that cannot find anything: calamine
//! reads merged ranges by parsing a sheet's XML again, which costs as much as reading
//! its cells. (Percent formats need no look: calamine's style palette tells.)

use std::io::Read;

use super::zipguard::{Archive, MAX_CONTENT_BYTES};

/// Asks the raw parts whether a sheet has merged cells, by inflating its XML and
/// searching it as bytes for `<mergeCell `: no XML parsing. Nothing is read until the
/// first question (most workbooks ask none); one inflater serves every part (a fresh
/// one per part costs more than inflating these small parts).
pub(crate) struct Hints {
    wanted: fn(&str) -> bool,
    looked: Option<Looked>,
}

struct Looked {
    /// Sheet name → zip path; `None` when xl/workbook.xml or its relationships
    /// cannot be read (then every sheet may have merges: calamine decides).
    parts: Option<Vec<(String, String)>>,
    inflater: Inflater,
}

impl Hints {
    /// Hints for the sheets `wanted` names.
    pub(crate) fn new(wanted: fn(&str) -> bool) -> Hints {
        Hints {
            wanted,
            looked: None,
        }
    }

    /// False only when sheet `name`'s XML was read and holds no `<mergeCell `.
    pub(crate) fn may_have_merges(&mut self, zip: &mut Archive, name: &str) -> bool {
        let wanted = self.wanted;
        let looked = self.looked.get_or_insert_with(|| {
            let mut inflater = Inflater::default();
            Looked {
                parts: wanted_parts(zip, &mut inflater, wanted),
                inflater,
            }
        });
        let Some(parts) = &looked.parts else {
            return true;
        };
        let Some((_, part)) = parts.iter().find(|(n, _)| n == name) else {
            return true;
        };
        match looked.inflater.inflate(zip, part) {
            Some(xml) => memchr::memmem::find(xml, b"<mergeCell ").is_some(),
            None => true,
        }
    }
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

/// The names and zip paths of the sheets `wanted` accepts, from xl/workbook.xml and
/// its relationships. `None` when they cannot be read.
fn wanted_parts(
    zip: &mut Archive,
    inflater: &mut Inflater,
    wanted: impl Fn(&str) -> bool,
) -> Option<Vec<(String, String)>> {
    let mut text = |name: &str| -> Option<String> {
        String::from_utf8(inflater.inflate(zip, name)?.to_vec()).ok()
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
        let part = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        parts.push((name, part));
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
