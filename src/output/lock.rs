//! One writer per output folder. Two runs writing into one folder (a second `run --resume` or
//! `run --force` started while the first is still going, or a merge into a running shard's
//! folder) would interleave rows and leave a journal that matches neither; the second is
//! refused instead.
//!
//! The lock is an advisory lock held on a file in the folder for as long as the run goes on.
//! The operating system drops it when the process ends, however it ends, so a killed run never
//! leaves a folder locked. The file itself stays (deleting it on the way out could let two
//! later runs lock two different files of the same name).

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// Held while a run writes into its output folder; dropping it releases the folder.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

impl FolderLock {
    /// The name of the lock file, which output-folder checks pass over.
    pub const FILE: &'static str = ".negsim-lock";

    /// Creates `dir` if need be and locks it for this process, or says which folder is busy.
    pub fn acquire(dir: &Path) -> Result<FolderLock> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::input(format!(
                "{} exists and is not a directory",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        let path = dir.join(FolderLock::FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, &e))?;
        match file.try_lock() {
            Ok(()) => Ok(FolderLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::input(format!(
                "another negsim run is writing into {}",
                dir.display()
            ))
            .with_hint("wait until it has finished, or choose another folder with --out")),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, &e)),
        }
    }

    /// Locks `dir` once `ready` says this run may write there. `ready` only reads the folder;
    /// it runs before the lock is taken, so that a folder the run refuses gets no lock file,
    /// and again under the lock, since another run may have changed the folder in between.
    /// A folder that has a lock file is locked first, so that a run still writing there is
    /// reported as such rather than as whatever state it has left the folder in so far.
    pub fn acquire_checked(
        dir: &Path,
        mut ready: impl FnMut() -> Result<()>,
    ) -> Result<FolderLock> {
        if !dir.join(FolderLock::FILE).exists() {
            ready()?;
        }
        let lock = FolderLock::acquire(dir)?;
        ready()?;
        Ok(lock)
    }

    /// Whether a directory entry is the lock file (not a result, not a stranger's file).
    pub fn is_lock_file(path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == FolderLock::FILE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("results");
        let first = FolderLock::acquire(&out).unwrap();
        let refused = FolderLock::acquire(&out).unwrap_err();
        assert!(
            refused.to_string().contains("another negsim run"),
            "{refused}"
        );
        drop(first);
        FolderLock::acquire(&out).expect("free again once the first run is done");
    }

    #[test]
    fn a_file_in_the_way_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("results");
        std::fs::write(&out, "x").unwrap();
        let refused = FolderLock::acquire(&out).unwrap_err();
        assert!(refused.to_string().contains("not a directory"), "{refused}");
    }
}
