//! Opening files in an output folder without following a symbolic link.
//!
//! A link planted in an output folder (`progress.json.partial -> ../victim`) must not make a
//! run write to where it points. Every file negsim writes there is created anew, exclusively
//! and without following a link (`O_CREAT | O_EXCL | O_NOFOLLOW`): whatever was at its name
//! before (a leftover partial file, a link) is removed first, and if something takes the name
//! in between, the creation fails instead of following it. A partial file that a resumed run
//! continues is opened without following a link too, and only if it is a regular file. Renaming
//! a finished file into place replaces a link of that name; it never writes through one.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `path` for writing, as a new regular file: an existing file or link of that name
/// is removed first (a folder is not), and a link is never followed.
pub fn create_new(path: &Path) -> io::Result<File> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.is_dir() => std::fs::remove_file(path)?,
        _ => {}
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    no_follow(&mut options);
    options.open(path)
}

/// Opens an existing regular file for writing (a partial file being continued) without
/// following a link and without waiting on a named pipe.
pub fn open_existing(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A named pipe without a reader would block the open; non-blocking, it fails instead.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(link_error)?;
    crate::source::file::regular(file).map_err(|e| match e {
        crate::source::file::ReadError::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
    })
}

/// Sets "do not follow a final symbolic link" on `options`.
fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// The errors of opening a symbolic link with `O_NOFOLLOW` (ELOOP) or a named pipe with
/// `O_NONBLOCK` (ENXIO), said in words.
fn link_error(e: io::Error) -> io::Error {
    #[cfg(unix)]
    match e.raw_os_error() {
        Some(libc::ELOOP) => {
            return io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link, which negsim does not write through",
            );
        }
        // What opening a named pipe without a reader for writing, non-blocking, says.
        Some(libc::ENXIO) => {
            return io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a named pipe, not a file",
            );
        }
        _ => {}
    }
    e
}

/// Makes the entries of `dir` (files created, renamed or removed in it) durable. File
/// systems that cannot sync a folder are passed over.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        match File::open(dir).and_then(|d| d.sync_all()) {
            Err(e)
                if e.kind() != io::ErrorKind::InvalidInput
                    && e.raw_os_error() != Some(libc::EINVAL) =>
            {
                Err(e)
            }
            _ => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir.path().join("progress.json.partial");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let mut f = create_new(&planted).unwrap();
        f.write_all(b"journal").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!std::fs::symlink_metadata(&planted).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&planted).unwrap(), "journal");
        // Continuing a partial file that is a link is refused.
        std::fs::remove_file(&planted).unwrap();
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let e = open_existing(&planted).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_not_continued() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let c = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = open_existing(&pipe).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
    }
}
