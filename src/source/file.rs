//! Reading input files (configs, GENIUS XML, a run's manifest and journal) safely: only a
//! regular file is read (a folder, a named pipe or a device such as `/dev/zero` is refused
//! at once, without waiting on the pipe), and never more than a stated limit, so that no
//! input can hang negsim or fill its memory.

use crate::fault::PathKind;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// The largest config file negsim reads (experiment, case, culture, GENIUS XML): 16 MiB,
/// far above any real one (the bundled files are a few kilobytes).
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// How a read failed.
#[derive(Debug)]
pub enum ReadError {
    /// The path is there but is not a regular file (what it names).
    NotAFile(PathKind),
    /// The file is larger than the limit (its size in bytes).
    TooLarge(u64),
    /// Any other failure (not found, permission denied, ...).
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(kind) => write!(f, "it is {}, not a file", kind.words()),
            ReadError::TooLarge(size) => write!(f, "it is {size} bytes long"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Opens `path` for reading if it is a regular file (links are followed: a config may well
/// be one), without waiting on a named pipe.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a named pipe for reading waits for a writer; non-blocking, it does not.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| match e.raw_os_error() {
        #[cfg(unix)]
        Some(libc::EISDIR) => ReadError::NotAFile(PathKind::Folder),
        _ => ReadError::Io(e),
    })?;
    regular(file)
}

/// `file` if it is a regular file, with blocking reads and writes again.
pub fn regular(file: File) -> Result<File, ReadError> {
    let kind = file.metadata().map_err(ReadError::Io)?.file_type();
    if !kind.is_file() {
        return Err(ReadError::NotAFile(path_kind(&kind)));
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on a descriptor `file` owns, with valid commands. (Regular files
        // ignore O_NONBLOCK; the flag is cleared all the same.)
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge(size));
    }
    // The file may grow while it is read: read one byte past the limit to notice.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What kind of file system entry `kind` is (a named pipe, a folder, ...).
pub fn path_kind(kind: &std::fs::FileType) -> PathKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return PathKind::NamedPipe;
        }
        if kind.is_char_device() || kind.is_block_device() {
            return PathKind::Device;
        }
        if kind.is_socket() {
            return PathKind::Socket;
        }
    }
    if kind.is_dir() {
        PathKind::Folder
    } else if kind.is_symlink() {
        PathKind::Link
    } else if kind.is_file() {
        PathKind::File
    } else {
        PathKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn pipes_folders_and_devices_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let c = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let said = |r: Result<Vec<u8>, ReadError>| r.unwrap_err().to_string();
        assert_eq!(
            said(read_limited(&pipe, 10)),
            "it is a named pipe, not a file"
        );
        assert_eq!(
            said(read_limited(dir.path(), 10)),
            "it is a folder, not a file"
        );
        assert_eq!(
            said(read_limited(Path::new("/dev/zero"), 10)),
            "it is a device, not a file"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        std::fs::write(&path, [b'#'; 11]).unwrap();
        assert!(matches!(
            read_limited(&path, 10),
            Err(ReadError::TooLarge(11))
        ));
        assert_eq!(read_limited(&path, 11).unwrap().len(), 11);
    }
}
