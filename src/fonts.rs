//! The fonts hoshin prints with: IPAex Mincho (body) and IPAex Gothic (headings),
//! embedded in the binary, or files named in the configuration.
//!
//! Checking uses [`FontSet::missing`] so that every character that will be printed is
//! known to exist in the fonts before any output is made.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

/// IPAex Mincho 00401 (Debian fonts-ipaexfont-mincho), IPA Font License v1.0.
pub(crate) static IPAEX_MINCHO: &[u8] = include_bytes!("../fonts/ipaexm.ttf");
/// IPAex Gothic 00401 (Debian fonts-ipaexfont-gothic), IPA Font License v1.0.
pub(crate) static IPAEX_GOTHIC: &[u8] = include_bytes!("../fonts/ipaexg.ttf");

/// One font's bytes, shared between threads. The embedded fonts are borrowed from
/// the binary, not copied: their pages are read in as layout and PDF first touch them.
#[derive(Clone)]
pub struct FontData {
    pub name: String,
    pub bytes: Arc<Cow<'static, [u8]>>,
}

impl FontData {
    pub(crate) fn from_static(name: &str, bytes: &'static [u8]) -> Self {
        FontData {
            name: name.to_string(),
            bytes: Arc::new(Cow::Borrowed(bytes)),
        }
    }

    /// Reads a font file; the error says which file and why, in Japanese.
    pub(crate) fn from_file(path: &Path) -> Result<Self, String> {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("フォント {} を読めません: {e}", path.display()))?;
        ttf_parser::Face::parse(&bytes, 0).map_err(|e| {
            format!(
                "フォント {} は TrueType/OpenType として読めません: {e}",
                path.display()
            )
        })?;
        Ok(FontData {
            name: path.display().to_string(),
            bytes: Arc::new(Cow::Owned(bytes)),
        })
    }

    pub(crate) fn face(&self) -> ttf_parser::Face<'_> {
        // Validated when the FontData was made.
        ttf_parser::Face::parse(&self.bytes, 0).expect("font validated at load")
    }
}

/// The body (Mincho) and heading (Gothic) fonts of a run.
#[derive(Clone)]
pub struct FontSet {
    pub body: FontData,
    pub heading: FontData,
}

impl Default for FontSet {
    fn default() -> Self {
        FontSet {
            body: FontData::from_static("IPAex明朝", IPAEX_MINCHO),
            heading: FontData::from_static("IPAexゴシック", IPAEX_GOTHIC),
        }
    }
}

impl FontSet {
    /// A coverage table for fast per-character lookups across both fonts.
    pub fn coverage(&self) -> Coverage {
        Coverage::new(&[&self.body, &self.heading])
    }
}

/// Which characters every font of the set can draw.
///
/// Built once per run from the fonts' cmaps; a lookup is a bitmap test, so checking
/// every printed character of hundreds of workbooks costs next to nothing.
pub struct Coverage {
    bits: Vec<u64>,
}

impl Coverage {
    fn new(fonts: &[&FontData]) -> Self {
        const LIMIT: usize = 0x11_0000;
        let mut all: Option<Vec<u64>> = None;
        for font in fonts {
            let face = font.face();
            let mut bits = vec![0u64; LIMIT / 64];
            if let Some(cmap) = face.tables().cmap {
                for sub in cmap.subtables {
                    if !sub.is_unicode() {
                        continue;
                    }
                    sub.codepoints(|cp| {
                        if (cp as usize) < LIMIT && sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                            bits[cp as usize / 64] |= 1 << (cp % 64);
                        }
                    });
                }
            }
            all = Some(match all {
                None => bits,
                Some(prev) => prev.iter().zip(bits).map(|(a, b)| a & b).collect(),
            });
        }
        Coverage {
            bits: all.unwrap_or_default(),
        }
    }

    /// True when every font of the set has a glyph for `c`. Line breaks and tabs are
    /// layout, not glyphs.
    pub(crate) fn has(&self, c: char) -> bool {
        if c == '\n' || c == '\t' {
            return true;
        }
        let i = c as usize;
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// The characters of `text` that some font of the set cannot draw, in order, once each.
    pub(crate) fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if !self.has(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

/// `U+20BB7 𠮷`: how a problem names a character.
pub(crate) fn describe_char(c: char) -> String {
    format!("U+{:04X} {}", c as u32, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipaex_covers_japanese_but_not_tsuchiyoshi() {
        let cov = FontSet::default().coverage();
        assert!(cov.missing("各部の運営方針と目標「」、。ー").is_empty());
        assert_eq!(cov.missing("吉𠮷"), vec!['𠮷']);
        assert_eq!(describe_char('𠮷'), "U+20BB7 𠮷");
    }
}
