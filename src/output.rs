//! Writing output files: atomically (a temporary file in the same folder, then a
//! rename), so a failed or killed run leaves each file whole, old or new.
//! Also the one clock outputs may use: `SOURCE_DATE_EPOCH`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

/// Writes `bytes` to `path` via a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(parent(path))?;
    let tmp = write_temporary(path, bytes)?;
    let result = std::fs::File::open(&tmp.path)
        .and_then(|f| f.sync_all())
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
pub(crate) struct Staged {
    temps: Vec<Temporary>,
    /// Renamed after all of `temps` are in place, and only then.
    last: Vec<Temporary>,
    /// The output folder whose commit journal lists the renames
    /// ([`crate::outdir`]): a build killed while renaming is completed later.
    journal: Option<PathBuf>,
}

impl Staged {
    /// Number of files staged (those already holding their bytes are not).
    pub(crate) fn len(&self) -> usize {
        self.temps.len() + self.last.len()
    }

    /// Makes every staged file durable, then renames each into place, the files
    /// staged with [`Stager::write_last`] after all the others; `done` is told of
    /// each. Nothing is renamed if syncing fails, and nothing of `last` if any other
    /// rename fails.
    pub(crate) fn commit(
        mut self,
        done: &(dyn Fn(&Path) + Sync),
    ) -> Result<(), (PathBuf, std::io::Error)> {
        let all: Vec<&Temporary> = self.temps.iter().chain(&self.last).collect();
        sync_together(&all)?;
        let journal = self.journal.take().filter(|_| !all.is_empty());
        if let Some(out) = &journal {
            let pairs: Vec<(PathBuf, PathBuf)> = all
                .iter()
                .map(|t| (t.path.clone(), t.target.clone()))
                .collect();
            crate::outdir::write_journal(out, &pairs)
                .map_err(|e| (out.join(crate::outdir::JOURNAL), e))?;
        }
        let result = self.rename_all(done);
        if let Some(out) = &journal {
            crate::outdir::remove_journal(out);
        }
        result
    }

    fn rename_all(
        &mut self,
        done: &(dyn Fn(&Path) + Sync),
    ) -> Result<(), (PathBuf, std::io::Error)> {
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
        if let Some(e) = first_error {
            return Err(e);
        }
        let mut last = std::mem::take(&mut self.last).into_iter();
        while let Some(t) = last.next() {
            if let Err(e) = std::fs::rename(&t.path, &t.target) {
                let target = t.target.clone();
                self.last.push(t);
                self.last.extend(last);
                return Err((target, e));
            }
            done(&t.target);
        }
        Ok(())
    }
}

/// Stages files one at a time, from any thread, as each is made: a thousand files
/// created at the end of their outputs queued on their folders' locks while the other
/// core waited. A file that already holds exactly its bytes is left alone (its time
/// stamp too: an upload of the web folder sends only what changed).
#[derive(Default)]
pub(crate) struct Stager {
    /// The output folder, when the commit is journaled.
    journal: Option<PathBuf>,
    /// Each folder's regular files and their sizes, listed at the first file staged
    /// in it, before this run creates any: a `stat` of every target would wait on the
    /// folder's lock while another thread creates a file in it.
    folders: Mutex<HashMap<PathBuf, Arc<HashMap<OsString, u64>>>>,
    staged: Mutex<Staged>,
}

impl Stager {
    /// A stager whose commit is journaled in the output folder `out`, which the
    /// caller holds locked ([`crate::outdir::open`]).
    pub(crate) fn journaled(out: &Path) -> Stager {
        Stager {
            journal: Some(out.to_path_buf()),
            ..Stager::default()
        }
    }

    /// Writes `bytes` to a temporary beside `path`, unless `path` holds them already.
    pub(crate) fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(t) = self.temporary(path, bytes)? {
            lock(&self.staged).temps.push(t);
        }
        Ok(())
    }

    /// As [`Stager::write`], for a file that goes into place only after every other
    /// file is in place: a file that describes the others (the manifest) is never
    /// newer than they are.
    pub(crate) fn write_last(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(t) = self.temporary(path, bytes)? {
            lock(&self.staged).last.push(t);
        }
        Ok(())
    }

    fn temporary(&self, path: &Path, bytes: &[u8]) -> std::io::Result<Option<Temporary>> {
        let present = self.folder(parent(path))?;
        let size = path.file_name().and_then(|n| present.get(n));
        if size == Some(&(bytes.len() as u64)) && holds(path, bytes) {
            return Ok(None);
        }
        write_temporary(path, bytes).map(Some)
    }

    fn folder(&self, dir: &Path) -> std::io::Result<Arc<HashMap<OsString, u64>>> {
        let mut folders = lock(&self.folders);
        if let Some(p) = folders.get(dir) {
            return Ok(p.clone());
        }
        std::fs::create_dir_all(dir)?;
        let present = Arc::new(listing(dir));
        folders.insert(dir.to_path_buf(), present.clone());
        Ok(present)
    }

    /// Everything staged so far, to commit (or drop, which removes it).
    pub(crate) fn into_staged(self) -> Staged {
        let mut staged = self.staged.into_inner().unwrap_or_else(|e| e.into_inner());
        staged.journal = self.journal;
        staged
    }
}

/// A lock that a panicked thread left is still usable: the data is a list.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Drop for Staged {
    fn drop(&mut self) {
        for t in self.temps.iter().chain(&self.last) {
            let _ = std::fs::remove_file(&t.path);
        }
    }
}

/// The folder a file is written in.
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The regular files in `dir` with their sizes (empty when it cannot be read: every
/// file is then written anew).
fn listing(dir: &Path) -> HashMap<OsString, u64> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let m = e.metadata().ok().filter(|m| m.is_file())?;
            Some((e.file_name(), m.len()))
        })
        .collect()
}

/// True when `path` is a file of exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// A written, closed, not yet synced temporary file. Closed at once: a thousand open
/// files made the kernel grow the process's file table, each time waiting for every
/// core to pass a quiescent point.
struct Temporary {
    path: PathBuf,
    /// The file it becomes.
    target: PathBuf,
}

/// `.NAME.PID.hoshin-tmp` beside `path`, holding `bytes`: a name only hoshin makes
/// (see [`crate::outdir::TEMP_SUFFIX`]). A name that would pass 255 bytes with the
/// suffix (a long 部名 in UTF-8) is replaced by its hash.
fn write_temporary(path: &Path, bytes: &[u8]) -> std::io::Result<Temporary> {
    let mut name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = std::process::id();
    let suffix = crate::outdir::TEMP_SUFFIX;
    if 1 + name.len() + 1 + pid.to_string().len() + suffix.len() > 255 {
        use sha2::Digest;
        let hash = sha2::Sha256::digest(name.as_bytes());
        name = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    }
    let tmp = parent(path).join(format!(".{name}.{pid}{suffix}"));
    match std::fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes)) {
        Ok(()) => Ok(Temporary {
            path: tmp,
            target: path.to_path_buf(),
        }),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Makes the temporary files durable: one `syncfs` per file system on Linux, through
/// a folder the files are in.
#[cfg(target_os = "linux")]
fn sync_together(temps: &[&Temporary]) -> Result<(), (PathBuf, std::io::Error)> {
    use std::os::unix::fs::MetadataExt;
    let mut dirs: Vec<&Path> = Vec::new();
    let mut devices = Vec::new();
    for t in temps {
        let dir = parent(&t.path);
        if dirs.contains(&dir) {
            continue;
        }
        dirs.push(dir);
        let folder = std::fs::File::open(dir).map_err(|e| (t.target.clone(), e))?;
        let dev = folder.metadata().map_err(|e| (t.target.clone(), e))?.dev();
        if !devices.contains(&dev) {
            devices.push(dev);
            rustix::fs::syncfs(&folder).map_err(|e| (t.target.clone(), e.into()))?;
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_together(temps: &[&Temporary]) -> Result<(), (PathBuf, std::io::Error)> {
    temps.par_iter().try_for_each(|t| {
        std::fs::File::open(&t.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| (t.target.clone(), e))
    })
}

/// Seconds since 1970 from `SOURCE_DATE_EPOCH`, if set and valid.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|s| EPOCH_RANGE.contains(s))
}

/// The dates outputs can carry: 1970 to the end of 9999 (PDF and XLSX dates).
const EPOCH_RANGE: std::ops::RangeInclusive<i64> = 0..=253_402_300_799;

/// A message when `SOURCE_DATE_EPOCH` is set to a number out of [`EPOCH_RANGE`] (a
/// usage error, exit 2; it used to fail a build half-way).
pub fn source_date_epoch_problem() -> Option<String> {
    let v = std::env::var("SOURCE_DATE_EPOCH").ok()?;
    let n: i128 = v.trim().parse().ok()?;
    (!(0..=253_402_300_799).contains(&n)).then(|| {
        format!("環境変数 SOURCE_DATE_EPOCH「{v}」が範囲外です。0 から 253402300799（9999年末）までの秒数にしてください")
    })
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
    fn the_last_files_go_into_place_only_after_all_others() {
        let dir = tempfile::tempdir().unwrap();
        let (a, m) = (dir.path().join("a.txt"), dir.path().join("manifest.json"));
        let stager = Stager::default();
        stager.write(&a, b"a").unwrap();
        stager.write_last(&m, b"m").unwrap();
        let staged = stager.into_staged();
        assert_eq!(staged.len(), 2);
        // A folder where `a.txt` should go: its rename fails.
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("x"), b"x").unwrap();
        assert_eq!(staged.commit(&|_| {}).unwrap_err().0, a);
        assert!(
            !m.exists(),
            "the manifest went into place before the file it describes"
        );
        // Nothing but the folder is left: the temporaries were removed.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);

        std::fs::remove_dir_all(&a).unwrap();
        let order = Mutex::new(Vec::new());
        let stager = Stager::default();
        stager.write(&a, b"a").unwrap();
        stager.write_last(&m, b"m").unwrap();
        stager
            .into_staged()
            .commit(&|p| order.lock().unwrap().push(p.to_path_buf()))
            .unwrap();
        assert_eq!(order.into_inner().unwrap(), vec![a.clone(), m.clone()]);
        assert_eq!(std::fs::read(&m).unwrap(), b"m");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn saving_a_workbook_keeps_its_threads_on_one_core_and_gives_the_cores_back() {
        use rustix::thread::sched_getaffinity;
        let before = sched_getaffinity(None).unwrap();
        let inside = on_this_core(|| {
            // A thread started here inherits the mask.
            std::thread::spawn(|| sched_getaffinity(None).unwrap().count())
                .join()
                .unwrap()
        });
        assert_eq!(inside, 1);
        assert_eq!(sched_getaffinity(None).unwrap(), before);
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write(0, 0, "部").unwrap();
        assert!(xlsx_bytes(&mut wb).unwrap().starts_with(b"PK"));
        assert_eq!(sched_getaffinity(None).unwrap(), before);
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
pub(crate) fn xlsx_bytes(
    wb: &mut rust_xlsxwriter::Workbook,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    wb.set_zip_compression_level(1);
    on_this_core(|| wb.save_to_buffer())
}

/// Runs `f` with the calling thread, and the threads it starts, kept on the core it
/// is on. rust_xlsxwriter assembles each worksheet on a new thread at every save —
/// 2,400 threads of a few microseconds' work for a 200-department build — and waits
/// for them. Started wherever the scheduler put them, they woke and interrupted the
/// other core, busy with other outputs; on the waiting thread's own core, which is
/// idle until they finish, a thread cost about half as much. The calling thread's
/// cores are given back after, also if `f` panics.
fn on_this_core<T>(f: impl FnOnce() -> T) -> T {
    #[cfg(target_os = "linux")]
    {
        use rustix::thread::{sched_getaffinity, sched_getcpu, sched_setaffinity, CpuSet};
        struct Restore(CpuSet);
        impl Drop for Restore {
            fn drop(&mut self) {
                let _ = sched_setaffinity(None, &self.0);
            }
        }
        if let Ok(cores) = sched_getaffinity(None) {
            let mut here = CpuSet::new();
            here.set(sched_getcpu());
            if sched_setaffinity(None, &here).is_ok() {
                let _restore = Restore(cores);
                return f();
            }
        }
    }
    f()
}

/// A file of an output, its path relative to the output folder.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub pages: Option<usize>,
}

/// An output's files and the time its stages took.
#[derive(Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub timings: Vec<(String, f64)>,
}

/// sha256 of `bytes` in lower-case hex, as the manifest and `datapackage.json` give it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
