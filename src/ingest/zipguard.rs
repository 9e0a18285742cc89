//! Refuses zip bombs before calamine opens a zip-based workbook: calamine inflates
//! whatever a file declares, without a bound.

use super::source::Source;

/// The archive, its central directory read and its sizes found sane.
pub(crate) type Archive = zip::ZipArchive<Source>;

/// Why a zip was refused.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ZipVerdict {
    /// The archive's central directory could not be read (truncated or corrupt).
    Corrupt(String),
    /// Declared sizes too large: total bytes, largest ratio.
    Bomb { total: u64, ratio: u64 },
}

/// An entry may not declare more than this ratio of uncompressed to compressed bytes
/// once it is larger than [`RATIO_FLOOR`]: XML compresses ~10–50×, a bomb ~1000×.
pub(crate) const MAX_RATIO: u64 = 200;
const RATIO_FLOOR: u64 = 16 << 20;
/// The most bytes hoshin itself inflates from one entry (ODS `content.xml`).
pub(crate) const MAX_CONTENT_BYTES: u64 = 256 << 20;

/// Reads only the central directory (no entry is inflated) and checks the declared
/// sizes against `max_total` bytes and [`MAX_RATIO`]; the archive is handed back for
/// further cheap looks ([`super::xlsx_hints`]).
pub(crate) fn open(source: Source, max_total: u64) -> Result<Archive, ZipVerdict> {
    let mut archive =
        zip::ZipArchive::new(source).map_err(|e| ZipVerdict::Corrupt(e.to_string()))?;
    let mut total: u64 = 0;
    let mut worst: u64 = 0;
    let mut bomb = false;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return Err(ZipVerdict::Corrupt(format!("entry {i}")));
        };
        let size = entry.size();
        let ratio = size / entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if size > RATIO_FLOOR {
            worst = worst.max(ratio);
            bomb |= ratio > MAX_RATIO;
        }
    }
    if bomb || total > max_total {
        Err(ZipVerdict::Bomb {
            total,
            ratio: worst,
        })
    } else {
        Ok(archive)
    }
}
