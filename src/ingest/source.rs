//! A workbook's bytes as calamine and the zip guard read them.
//!
//! A department workbook is tens of kilobytes: it is read whole with one read, and
//! every look at its parts (the central directory, the guard, calamine's parts) is a
//! seek in memory instead of a seek and a read of the file each time. A file larger
//! than [`IN_MEMORY_MAX`] is read through a buffer instead.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files up to this size are read into memory.
pub(crate) const IN_MEMORY_MAX: u64 = 64 << 20;

/// Asks the kernel to start reading `paths` now, all at once, so that the threads
/// reading them one by one find them in memory: on a cold cache a 200-department run
/// spent a tenth of a second of one core waiting for the disk, file after file.
/// Advice only; a file that cannot be opened is left for [`Source::open`] to report.
pub fn prefetch(paths: &[PathBuf]) {
    #[cfg(target_os = "linux")]
    for path in paths {
        if let Ok(f) = File::open(path) {
            let _ = rustix::fs::fadvise(&f, 0, None, rustix::fs::Advice::WillNeed);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = paths;
}

/// Readable and seekable bytes of one file; [`Source::reopen`] gives another reader
/// of the same bytes.
pub(crate) enum Source {
    Memory(Cursor<Arc<[u8]>>),
    File(BufReader<File>, PathBuf),
}

impl Source {
    /// Opens `path`: its length and first eight bytes (zeros past the end) come too.
    pub(crate) fn open(path: &Path) -> std::io::Result<(Source, u64, [u8; 8])> {
        let mut f = File::open(path)?;
        let len = f.metadata()?.len();
        let mut head = [0u8; 8];
        if len <= IN_MEMORY_MAX {
            let mut bytes = Vec::with_capacity(len as usize);
            f.read_to_end(&mut bytes)?;
            let n = bytes.len().min(8);
            head[..n].copy_from_slice(&bytes[..n]);
            let len = bytes.len() as u64;
            Ok((Source::Memory(Cursor::new(bytes.into())), len, head))
        } else {
            let n = f.read(&mut head)?;
            head[n..].fill(0);
            f.seek(SeekFrom::Start(0))?;
            Ok((
                Source::File(BufReader::new(f), path.to_path_buf()),
                len,
                head,
            ))
        }
    }

    /// A second reader of the same bytes, from the start.
    pub(crate) fn reopen(&self) -> std::io::Result<Source> {
        Ok(match self {
            Source::Memory(c) => Source::Memory(Cursor::new(c.get_ref().clone())),
            Source::File(_, path) => Source::File(BufReader::new(File::open(path)?), path.clone()),
        })
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Memory(c) => c.read(buf),
            Source::File(f, _) => f.read(buf),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Source::Memory(c) => c.seek(pos),
            Source::File(f, _) => f.seek(pos),
        }
    }
}
