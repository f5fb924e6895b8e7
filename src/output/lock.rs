//! One writer per output folder. Two runs writing into one folder (a second `run --resume` or
//! `run --force` started while the first is still going, or a merge into a running shard's
//! folder) would interleave rows and leave a journal that matches neither; the second is
//! refused instead.
//!
//! The lock is an advisory lock held on a file in the folder for as long as a command writes
//! there (a run until its statistics and charts are written). The operating system drops it
//! when the process ends, however it ends, so a killed run never leaves a folder locked. The
//! file itself stays (deleting it on the way out could let two later runs lock two different
//! files of the same name). On a file system without locks (some cluster and network file
//! systems) runs go on unlocked, with a warning.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// Held while a command writes into (or reads) an output folder; dropping it releases the
/// folder.
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
        let unwritable = |at: &Path, e: std::io::Error| {
            let mut err = Error::io(at, &e)
                .with_hint("choose a folder you can write to, e.g. --out output/NAME");
            // A folder one may not write to is a wrong choice of folder (exit code 2), not a
            // failing disk.
            use std::io::ErrorKind::*;
            if matches!(
                e.kind(),
                PermissionDenied | ReadOnlyFilesystem | NotADirectory | NotFound
            ) {
                err.kind = crate::error::ErrorKind::Input;
            }
            err
        };
        std::fs::create_dir_all(dir).map_err(|e| unwritable(dir, e))?;
        let path = dir.join(FolderLock::FILE);
        let file = open_lock_file(&path).map_err(|e| unwritable(dir, e))?;
        lock(
            file,
            (dir, &path),
            "another negsim run is writing into",
            "wait until it has finished, or choose another folder with --out",
        )
    }

    /// Locks a folder that is only read (a shard being merged), so that no run rewrites it
    /// meanwhile. A folder that cannot hold a lock file (read-only) is read without one.
    pub fn acquire_to_read(dir: &Path) -> Result<Option<FolderLock>> {
        if !dir.is_dir() {
            return Ok(None); // the reader reports what is missing
        }
        let path = dir.join(FolderLock::FILE);
        let file = open_lock_file(&path).or_else(|_| {
            crate::source::file::open_regular(&path)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))
        });
        match file {
            Ok(file) => lock(
                file,
                (dir, &path),
                "a negsim run is writing into",
                "wait until it has finished, then try again",
            )
            .map(Some),
            Err(_) => Ok(None),
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

/// Opens the lock file, creating it if need be (its content is never used), without
/// following a symbolic link planted in its place.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENXIO)) {
            return std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} is a symbolic link or a pipe, not the lock file negsim makes; remove it",
                    path.display()
                ),
            );
        }
        e
    })?;
    crate::source::file::regular(file).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{}: {e}", path.display()),
        )
    })
}

/// Takes the lock on an open lock file; `busy` starts the message when another process
/// holds it, and `hint` says what to do then.
fn lock(file: File, (dir, path): (&Path, &Path), busy: &str, hint: &str) -> Result<FolderLock> {
    match file.try_lock() {
        Ok(()) => Ok(FolderLock { _file: file }),
        Err(TryLockError::WouldBlock) => {
            Err(Error::input(format!("{busy} {}", dir.display())).with_hint(hint))
        }
        Err(TryLockError::Error(e)) if locking_unsupported(&e) => {
            eprintln!(
                "{program}: warning: {} cannot be locked ({e}); two runs into this folder at once would not be kept apart",
                dir.display(),
                program = crate::program::name(),
            );
            Ok(FolderLock { _file: file })
        }
        Err(TryLockError::Error(e)) => Err(Error::io(path, &e)),
    }
}

/// Whether a locking error means the file system has no locks (rather than a fault).
fn locking_unsupported(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::Unsupported {
        return true;
    }
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::ENOLCK | libc::ENOSYS | libc::EOPNOTSUPP)
        )
    }
    #[cfg(not(unix))]
    {
        false
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
    fn a_folder_being_read_keeps_writers_out() {
        let dir = tempfile::tempdir().unwrap();
        let shard = dir.path().join("shard");
        std::fs::create_dir_all(&shard).unwrap();
        let reading = FolderLock::acquire_to_read(&shard).unwrap();
        assert!(reading.is_some());
        assert!(FolderLock::acquire(&shard).is_err());
        drop(reading);
        let writing = FolderLock::acquire(&shard).unwrap();
        let refused = FolderLock::acquire_to_read(&shard).unwrap_err();
        assert!(refused.to_string().contains("is writing into"), "{refused}");
        drop(writing);
        // A folder that is not there is left to the reader to report.
        assert!(
            FolderLock::acquire_to_read(&dir.path().join("missing"))
                .unwrap()
                .is_none()
        );
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
