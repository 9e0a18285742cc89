//! The output folder as one consistent set: a lock so that one hoshin at a time
//! writes it, a commit journal so that a build killed while it renames its files is
//! completed by the next hoshin command on the folder, and the removal of temporaries
//! that only hoshin makes.
//!
//! The commit: every temporary is written and made durable; then the journal (each
//! temporary and its target) is written and made durable; then the files are renamed,
//! the manifest last; then the journal is removed. Killed before the journal exists,
//! the old set is whole (the temporaries are removed later); killed after, every
//! temporary named in it is durable, and [`recover`] renames the ones still there.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The lock file in the output folder; it holds who holds it.
pub(crate) const LOCK: &str = ".hoshin.lock";
/// The commit journal in the output folder, present only while a commit renames.
pub(crate) const JOURNAL: &str = ".hoshin-journal.json";
/// The end of every temporary's name: `.NAME.PID.hoshin-tmp`.
pub(crate) const TEMP_SUFFIX: &str = ".hoshin-tmp";

/// The folder's lock, held until dropped.
#[derive(Debug)]
pub(crate) struct FolderLock {
    _file: File,
    /// What opening it recovered.
    pub recovered: Recovered,
}

impl Drop for FolderLock {
    /// Empties the lock file before the lock goes: it names a running hoshin only
    /// while one runs (and two builds leave the folder byte-identical).
    fn drop(&mut self) {
        let _ = self._file.set_len(0);
    }
}

/// Creates `out` if needed and locks it for this process. When another hoshin holds
/// it, `waiting` is told who (as the lock file says) and this one waits for it: two
/// builds into one folder run one after the other, and neither touches the other's
/// files. Then an interrupted commit is completed and stale temporaries are removed.
pub(crate) fn open(out: &Path, what: &str, waiting: &dyn Fn(&str)) -> std::io::Result<FolderLock> {
    std::fs::create_dir_all(out)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(out.join(LOCK))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            // The holder writes its PID just after it locks: read again for a moment
            // rather than name nobody (a clean-clone test run once read the empty file).
            let mut holder = String::new();
            for _ in 0..50 {
                holder.clear();
                let _ = file.seek(SeekFrom::Start(0));
                let _ = file.read_to_string(&mut holder);
                if !holder.trim().is_empty() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            let holder = match holder.trim() {
                "" => "PID 不明".to_string(),
                h => h.to_string(),
            };
            waiting(&holder);
            file.lock()?;
        }
        Err(TryLockError::Error(e)) => return Err(e),
    }
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    writeln!(file, "PID {}（{what}）", std::process::id())?;
    let recovered = recover(out)?;
    Ok(FolderLock {
        _file: file,
        recovered,
    })
}

/// What [`recover`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Recovered {
    /// Files an interrupted commit had not yet renamed, renamed now.
    pub completed: usize,
    /// Temporaries of builds that stopped before their commit, removed.
    pub removed: usize,
}

/// Completes a commit that was interrupted (its journal is still there), then removes
/// the temporaries builds left (only names ending in [`TEMP_SUFFIX`]). Call it only
/// while holding the folder's lock.
pub(crate) fn recover(out: &Path) -> std::io::Result<Recovered> {
    let mut done = Recovered::default();
    let journal = out.join(JOURNAL);
    match std::fs::read(&journal) {
        Ok(bytes) => {
            // A journal that cannot be parsed was not written whole: it was written
            // before any rename, so the old set is whole and nothing is to be renamed.
            let pairs: Vec<(String, String)> = serde_json::from_slice(&bytes).unwrap_or_default();
            for (temp, target) in pairs {
                let (temp, target) = (out.join(&temp), out.join(&target));
                if temp.exists() {
                    std::fs::rename(&temp, &target)?;
                    done.completed += 1;
                }
            }
            sync_dir(out);
            std::fs::remove_file(&journal)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    done.removed = remove_temporaries(out);
    Ok(done)
}

/// A relative output path as Windows and macOS compare names: `/`-separated, NFC,
/// lower case.
pub(crate) fn path_key(path: &Path) -> String {
    use unicode_normalization::UnicodeNormalization;
    path.to_string_lossy()
        .replace('\\', "/")
        .nfc()
        .collect::<String>()
        .to_lowercase()
}

/// Writes the journal of a commit and makes it durable.
pub(crate) fn write_journal(out: &Path, pairs: &[(PathBuf, PathBuf)]) -> std::io::Result<()> {
    let rel = |p: &Path| {
        p.strip_prefix(out)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    let pairs: Vec<(String, String)> = pairs.iter().map(|(t, g)| (rel(t), rel(g))).collect();
    let bytes = serde_json::to_vec(&pairs).map_err(std::io::Error::other)?;
    let path = out.join(JOURNAL);
    let mut f = File::create(&path)?;
    f.write_all(&bytes)?;
    f.sync_all()?;
    sync_dir(out);
    Ok(())
}

/// Removes the journal once every file is in place.
pub(crate) fn remove_journal(out: &Path) {
    let _ = std::fs::remove_file(out.join(JOURNAL));
}

/// Makes a folder's entries (renames, new files) durable, where the system allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes `.NAME.PID.hoshin-tmp` files below `dir` (links are not followed).
fn remove_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            removed += remove_temporaries(&e.path());
        } else if kind.is_file()
            && name.starts_with('.')
            && name.ends_with(TEMP_SUFFIX)
            && std::fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hoshin_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir(out.join("web")).unwrap();
        std::fs::write(out.join("web/.a.html.12.hoshin-tmp"), b"x").unwrap();
        std::fs::write(out.join("web/.editor.swp.tmp"), b"mine").unwrap();
        let r = recover(out).unwrap();
        assert_eq!(r.removed, 1);
        assert!(out.join("web/.editor.swp.tmp").exists());
    }

    #[test]
    fn an_interrupted_commit_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join(".a.txt.1.hoshin-tmp"), b"new a").unwrap();
        std::fs::write(out.join("b.txt"), b"new b").unwrap(); // already renamed
        write_journal(
            out,
            &[
                (out.join(".a.txt.1.hoshin-tmp"), out.join("a.txt")),
                (out.join(".b.txt.1.hoshin-tmp"), out.join("b.txt")),
            ],
        )
        .unwrap();
        let r = recover(out).unwrap();
        assert_eq!(r.completed, 1);
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"new a");
        assert!(!out.join(JOURNAL).exists());
    }
}
