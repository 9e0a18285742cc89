//! Writing output files: atomically (a temporary file in the same folder, then a
//! rename), so a failed or killed run leaves each file whole, old or new.
//! Also the one clock outputs may use: `SOURCE_DATE_EPOCH`.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Writes `bytes` to `path` via a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = write_temporary(path, bytes)?;
    let result = tmp
        .file
        .sync_all()
        .and_then(|_| std::fs::rename(&tmp.path, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp.path);
    }
    result
}

/// Files written to temporaries beside their targets, not yet in place: many files
/// are staged (as each output is rendered), then committed together — one `syncfs`
/// (Linux; elsewhere each file is synced) and a rename each. A thousand files each
/// synced on its own took longer than rendering them. A staged set that is dropped
/// uncommitted removes its temporaries, so a failed build changes nothing.
#[derive(Default)]
pub struct Staged {
    temps: Vec<Temporary>,
}

impl Staged {
    /// Writes each file's temporary, in parallel. A file that already holds exactly
    /// its bytes is left alone (its time stamp too: an upload of the web folder sends
    /// only what changed). On an error nothing stays staged; the error names the file.
    pub fn write(files: &[(PathBuf, &[u8])]) -> Result<Staged, (PathBuf, std::io::Error)> {
        let written: Vec<Result<Option<Temporary>, (PathBuf, std::io::Error)>> = files
            .par_iter()
            .map(|(path, bytes)| {
                if holds(path, bytes) {
                    return Ok(None);
                }
                write_temporary(path, bytes)
                    .map(Some)
                    .map_err(|e| (path.clone(), e))
            })
            .collect();
        let mut staged = Staged::default();
        let mut failed = None;
        for w in written {
            match w {
                Ok(t) => staged.temps.extend(t),
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        match failed {
            Some(e) => Err(e), // `staged` drops and removes what was written
            None => Ok(staged),
        }
    }

    /// Number of files staged (those already holding their bytes are not).
    pub fn len(&self) -> usize {
        self.temps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.temps.is_empty()
    }

    /// Adds `other`'s files to this set.
    pub fn append(&mut self, mut other: Staged) {
        self.temps.append(&mut other.temps);
    }

    /// Makes every staged file durable, then renames each into place; `done` is told
    /// of each. Nothing is renamed if syncing fails.
    pub fn commit(
        mut self,
        done: &(dyn Fn(&Path) + Sync),
    ) -> Result<(), (PathBuf, std::io::Error)> {
        sync_together(&self.temps)?;
        let renamed: Vec<Result<(), std::io::Error>> = self
            .temps
            .par_iter()
            .map(|t| {
                std::fs::rename(&t.path, &t.target)?;
                done(&t.target);
                Ok(())
            })
            .collect();
        // The renamed are in place; a temporary whose rename failed stays listed and
        // is removed on drop.
        let mut first_error = None;
        let temps = std::mem::take(&mut self.temps);
        for (t, r) in temps.into_iter().zip(renamed) {
            if let Err(e) = r {
                first_error = first_error.or(Some((t.target.clone(), e)));
                self.temps.push(t);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for t in &self.temps {
            let _ = std::fs::remove_file(&t.path);
        }
    }
}

/// True when `path` is a file of exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// A written, not yet synced, temporary file.
struct Temporary {
    path: PathBuf,
    /// The file it becomes.
    target: PathBuf,
    file: std::fs::File,
}

/// `.NAME.PID.tmp` beside `path`, holding `bytes`.
fn write_temporary(path: &Path, bytes: &[u8]) -> std::io::Result<Temporary> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        Ok(f)
    });
    match result {
        Ok(file) => Ok(Temporary {
            path: tmp,
            target: path.to_path_buf(),
            file,
        }),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Makes the temporary files durable: one `syncfs` per file system on Linux.
#[cfg(target_os = "linux")]
fn sync_together(temps: &[Temporary]) -> Result<(), (PathBuf, std::io::Error)> {
    use std::os::unix::fs::MetadataExt;
    let mut devices = Vec::new();
    for t in temps {
        let dev = t.file.metadata().map_err(|e| (t.target.clone(), e))?.dev();
        if !devices.contains(&dev) {
            devices.push(dev);
            rustix::fs::syncfs(&t.file).map_err(|e| (t.target.clone(), e.into()))?;
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_together(temps: &[Temporary]) -> Result<(), (PathBuf, std::io::Error)> {
    temps
        .par_iter()
        .try_for_each(|t| t.file.sync_all().map_err(|e| (t.target.clone(), e)))
}

/// Seconds since 1970 from `SOURCE_DATE_EPOCH`, if set and valid.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// The timestamp embedded in outputs: `SOURCE_DATE_EPOCH`, else `fallback` (a date
/// derived from the input, never the clock, so outputs stay reproducible).
pub fn timestamp_or(fallback: i64) -> i64 {
    source_date_epoch().unwrap_or(fallback)
}

/// 1 April of a fiscal year, 00:00 JST, as seconds since 1970 (the default date of a
/// run's outputs when `SOURCE_DATE_EPOCH` is not set).
pub fn fiscal_year_start(year: i32) -> i64 {
    // Days from 1970-01-01 to year-04-01 (civil-from-days inverse).
    let (y, m, d) = (year as i64, 4i64, 1i64);
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 - 9 * 3600
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn fiscal_year_start_is_april_first_jst() {
        // 2003-04-01T00:00+09:00 = 2003-03-31T15:00Z = 1049122800
        assert_eq!(fiscal_year_start(2003), 1_049_122_800);
    }
    #[test]
    fn atomic_write_replaces_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

/// A workbook as the bytes of its `.xlsx` file. Every workbook hoshin writes is saved
/// here, at zip level 1: for the 402 workbooks of a 200-department build, level 6
/// (rust_xlsxwriter's default) took 1.37× the time (2.75 against 2.06 CPU seconds) for
/// files 23% smaller.
pub fn xlsx_bytes(
    wb: &mut rust_xlsxwriter::Workbook,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    wb.set_zip_compression_level(1);
    wb.save_to_buffer()
}
