//! Font metrics: codepoint → (glyph id, advance), built once per font.
//!
//! Advances are kept in thousandths of an em, truncated to integers exactly as the PDF's
//! `/W` array states them, so the positions computed here are the positions a viewer
//! computes: justified lines end where the layout says they end.

use crate::fonts::{FontData, FontSet};

use super::doc::FontKind;

/// Glyph id and advance of every character a font maps.
pub struct FontMetrics {
    /// Dense table for the BMP: `gid << 16 | advance`, 0 = unmapped.
    bmp: Vec<u32>,
    /// Characters beyond the BMP (rare in municipal text).
    astral: std::collections::HashMap<u32, (u16, u16)>,
    pub units_per_em: u16,
    /// Ascender and descender in thousandths of an em (descender negative).
    pub ascender: i32,
    pub descender: i32,
}

impl FontMetrics {
    /// Reads the font's Unicode cmap and horizontal metrics.
    ///
    /// ```
    /// use hoshin::fonts::FontSet;
    /// use hoshin::typeset::FontMetrics;
    /// let m = FontMetrics::new(&FontSet::default().body);
    /// let (gid, adv) = m.glyph('字').unwrap();
    /// assert!(gid > 0);
    /// assert_eq!(adv, 1000); // full width
    /// ```
    pub fn new(font: &FontData) -> Self {
        let face = font.face();
        let upm = face.units_per_em();
        let scale = |v: i32| -> i32 { (v as i64 * 1000 / upm as i64) as i32 };
        let mut bmp = vec![0u32; 0x1_0000];
        let mut astral = std::collections::HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    let Some(g) = sub.glyph_index(cp) else { return };
                    if g.0 == 0 {
                        return;
                    }
                    let adv = face.glyph_hor_advance(g).unwrap_or(0) as i32;
                    // Same truncation as printpdf's /W widths.
                    let adv = scale(adv).clamp(0, 0xFFFF) as u32;
                    if cp < 0x1_0000 {
                        if bmp[cp as usize] == 0 {
                            bmp[cp as usize] = (g.0 as u32) << 16 | adv;
                        }
                    } else {
                        astral.entry(cp).or_insert((g.0, adv as u16));
                    }
                });
            }
        }
        FontMetrics {
            bmp,
            astral,
            units_per_em: upm,
            ascender: scale(face.ascender() as i32),
            descender: scale(face.descender() as i32),
        }
    }

    /// Glyph id and advance (thousandths of an em) of `c`, if the font maps it.
    #[inline]
    pub fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let cp = c as u32;
        if cp < 0x1_0000 {
            let v = self.bmp[cp as usize];
            (v != 0).then_some(((v >> 16) as u16, (v & 0xFFFF) as u16))
        } else {
            self.astral.get(&cp).copied()
        }
    }
}

/// Metrics of the body and heading fonts.
pub struct Metrics {
    pub body: FontMetrics,
    pub heading: FontMetrics,
}

impl Metrics {
    /// Builds both tables (about 10 ms each for IPAex).
    pub fn new(fonts: &FontSet) -> Self {
        Metrics {
            body: FontMetrics::new(&fonts.body),
            heading: FontMetrics::new(&fonts.heading),
        }
    }

    pub fn get(&self, kind: FontKind) -> &FontMetrics {
        match kind {
            FontKind::Body => &self.body,
            FontKind::Heading => &self.heading,
        }
    }
}
