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

/// Writes a whole file atomically; a failed write leaves no partial file behind.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let written = AtomicFile::create(path).and_then(|mut f| {
        f.write_all(bytes).map_err(|e| Error::io(path, &e))?;
        f.commit()
    });
    discard_partial_on_error(path, written)
}

/// Writes `path` with `draw` (which writes the partial file it is given), then renames it into
/// place; after any error the partial file is removed, so nothing half-written stays behind.
pub fn write_whole(path: &Path, draw: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let partial = partial_path(path);
    let written = draw(&partial)
        .and_then(|()| std::fs::rename(&partial, path).map_err(|e| Error::io(path, &e)));
    discard_partial_on_error(path, written)
}

fn discard_partial_on_error(path: &Path, written: Result<()>) -> Result<()> {
    let partial = partial_path(path);
    if written.is_err() && partial.is_file() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// Checks, before anything is computed, that a single output file (the `what`, given with
/// command-line `flag`) can be written to `path`: a file name, not an existing folder, in a
/// folder that exists, and no folder where its partial file goes. `example` is a file name
/// for the hints.
pub fn check_destination(path: &Path, flag: &str, what: &str, example: &str) -> Result<()> {
    let refuse = |problem: String, hint: String| {
        Err(Error::input(format!(
            "cannot write the {what} to {}: {problem}",
            path.display()
        ))
        .at_key(flag)
        .with_hint(hint))
    };
    let name_it = || format!("give a file name, e.g. {flag} {example}");
    if path.as_os_str().is_empty() {
        return refuse("the path is empty".into(), name_it());
    }
    if path.is_dir() {
        return refuse(
            format!("it is a folder; the {what} is a file"),
            format!(
                "give a file name in that folder, e.g. {flag} {}",
                path.join(example).display()
            ),
        );
    }
    if path.file_name().is_none() {
        return refuse("the path does not end in a file name".into(), name_it());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if dir.exists() && !dir.is_dir() {
            return refuse(
                format!("{} is a file, not a folder", dir.display()),
                format!("write the {what} into a folder"),
            );
        }
        if !dir.is_dir() {
            return refuse(
                format!("the folder {} does not exist", dir.display()),
                format!("create the folder first, or write the {what} elsewhere"),
            );
        }
    }
    let partial = partial_path(path);
    if partial.is_dir() {
        return refuse(
            format!(
                "{} (where the {what} is written before it is complete) is a folder",
                partial.display()
            ),
            format!("remove that folder, or write the {what} elsewhere"),
        );
    }
    // Whether the folder takes a file at all (permissions, a read-only or virtual file
    // system), found out now rather than after the work.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&partial)
    {
        Ok(file) => {
            drop(file);
            let _ = std::fs::remove_file(&partial);
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {} // a leftover, replaced later
        Err(e) => {
            return refuse(
                format!("no file can be created there ({e})"),
                format!("write the {what} into a folder you can write to"),
            );
        }
    }
    Ok(())
}
