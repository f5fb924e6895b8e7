//! Files that appear complete only when they are: written to `<name>.partial`, flushed,
//! synced and renamed into place.

use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; it becomes visible under its final name on [`AtomicFile::commit`].
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    writer: BufWriter<File>,
}

/// The temporary name of a file being written.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

impl AtomicFile {
    /// Starts writing `path` (as `path.partial`).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let temp = partial_path(path);
        let file = File::create(&temp).map_err(|e| Error::io(&temp, &e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            writer: BufWriter::with_capacity(1 << 16, file),
        })
    }

    /// Continues a partial file after `len` bytes (truncating anything after), for resuming.
    pub fn resume(path: &Path, len: u64) -> Result<AtomicFile> {
        let temp = partial_path(path);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&temp)
            .map_err(|e| Error::io(&temp, &e))?;
        file.set_len(len).map_err(|e| Error::io(&temp, &e))?;
        let mut writer = BufWriter::with_capacity(1 << 16, file);
        use std::io::Seek;
        writer
            .seek(std::io::SeekFrom::Start(len))
            .map_err(|e| Error::io(&temp, &e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            writer,
        })
    }

    /// Flushes and syncs what was written so far; returns the length on disk.
    pub fn checkpoint(&mut self) -> Result<u64> {
        self.writer.flush().map_err(|e| Error::io(&self.temp, &e))?;
        let file = self.writer.get_ref();
        file.sync_data().map_err(|e| Error::io(&self.temp, &e))?;
        file.metadata()
            .map(|m| m.len())
            .map_err(|e| Error::io(&self.temp, &e))
    }

    /// Finishes the file and moves it into place.
    pub fn commit(mut self) -> Result<()> {
        self.checkpoint()?;
        std::fs::rename(&self.temp, &self.path).map_err(|e| Error::io(&self.path, &e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Writes a whole file atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| Error::io(path, &e))?;
    f.commit()
}
