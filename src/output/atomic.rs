//! Files that appear complete only when they are: written to `<name>.partial`, flushed,
//! synced and renamed into place.
//!
//! A file is created anew without following a symbolic link (see [`crate::output::open`]).
//! Its bytes are hashed (SHA-256) as they are written, so that a checkpoint can record the
//! length and checksum of what is complete ([`FileMark`]), and a resumed run continues a
//! partial file only after checking that its start is exactly what was recorded.

use crate::error::{Error, Result};
use crate::output::fault;
use crate::output::open::{create_new, open_existing, sync_dir};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// How much of a file is complete: its name in the output folder, its length and the SHA-256
/// of those bytes. The journal records one per file at every checkpoint, the manifest one per
/// finished file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileMark {
    /// File name in the output folder.
    pub name: String,
    /// Complete bytes.
    pub bytes: u64,
    /// SHA-256 of those bytes, in hexadecimal.
    pub sha256: String,
}

/// A file being written; it becomes visible under its final name on [`AtomicFile::commit`].
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    /// `None` once the file is in place (a resumed run found it renamed already).
    writer: Option<BufWriter<File>>,
    hash: Sha256,
    len: u64,
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

/// Lower-case hexadecimal of a digest.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file name of `path`, for marks.
fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl AtomicFile {
    /// Starts writing `path` (as `path.partial`, created anew; a link there is replaced, not
    /// followed).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let temp = partial_path(path);
        // A missing folder is the destination's: name the file the user knows, not its
        // partial twin.
        let file = create_new(&temp).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::io(path, &e),
            _ => Error::io(&temp, &e),
        })?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            hash: Sha256::new(),
            len: 0,
        })
    }

    /// Continues a file of an interrupted run from what the journal recorded (`mark`): the
    /// partial file must start with exactly the recorded bytes (anything after them, written
    /// after the last checkpoint, is cut off). A file renamed into place already (the run was
    /// stopped while finishing) must be exactly the recorded bytes; it takes no more writes.
    /// Anything else (a file cut short, changed, or missing) is refused: `hint` says how to
    /// start over.
    pub fn resume(path: &Path, mark: &FileMark, hint: &str) -> Result<AtomicFile> {
        let temp = partial_path(path);
        let refuse = |at: &Path, problem: String| {
            Err(Error::input(format!(
                "{problem}; the journal of the unfinished run recorded {} bytes with SHA-256 {}",
                mark.bytes,
                short(&mark.sha256)
            ))
            .in_file(at)
            .with_hint(hint.to_string()))
        };
        let (at, in_place) = if std::fs::symlink_metadata(&temp).is_ok() {
            (temp.clone(), false)
        } else if std::fs::symlink_metadata(path).is_ok() {
            (path.to_path_buf(), true)
        } else {
            return refuse(
                &temp,
                "the file is missing (neither it nor its finished twin is there)".into(),
            );
        };
        let file = open_existing(&at).map_err(|e| {
            Error::input(format!("cannot continue the file: {e}"))
                .in_file(&at)
                .with_hint(hint.to_string())
        })?;
        let len = file.metadata().map_err(|e| Error::io(&at, &e))?.len();
        if len < mark.bytes || (in_place && len != mark.bytes) {
            return refuse(
                &at,
                format!(
                    "the file is {len} bytes long, {} than the unfinished run left it",
                    if len < mark.bytes {
                        "shorter"
                    } else {
                        "longer"
                    }
                ),
            );
        }
        // Read through a second descriptor: the one kept is open for writing only.
        let mut reader = std::fs::File::open(&at).map_err(|e| Error::io(&at, &e))?;
        let mut hash = Sha256::new();
        let mut left = mark.bytes;
        let mut buf = vec![0u8; 1 << 16];
        while left > 0 {
            let want = buf.len().min(left as usize);
            let n = reader
                .read(&mut buf[..want])
                .map_err(|e| Error::io(&at, &e))?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
            left -= n as u64;
        }
        let found = hex(&hash.clone().finalize());
        if left > 0 || found != mark.sha256 {
            return refuse(
                &at,
                format!(
                    "its first {} bytes have SHA-256 {}: the file was changed after the run stopped",
                    mark.bytes,
                    short(&found)
                ),
            );
        }
        let writer = if in_place {
            None
        } else {
            file.set_len(mark.bytes).map_err(|e| Error::io(&at, &e))?;
            let mut writer = BufWriter::with_capacity(1 << 16, file);
            writer
                .seek(std::io::SeekFrom::Start(mark.bytes))
                .map_err(|e| Error::io(&at, &e))?;
            Some(writer)
        };
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            writer,
            hash,
            len: mark.bytes,
        })
    }

    /// Flushes and syncs what was written so far; returns its mark.
    pub fn checkpoint(&mut self) -> Result<FileMark> {
        if let Some(writer) = &mut self.writer {
            writer.flush().map_err(|e| Error::io(&self.temp, &e))?;
            fault::point("file-flushed", &self.temp)?;
            writer
                .get_ref()
                .sync_data()
                .map_err(|e| Error::io(&self.temp, &e))?;
        }
        Ok(self.mark())
    }

    /// The mark of what was written so far.
    pub fn mark(&self) -> FileMark {
        FileMark {
            name: name_of(&self.path),
            bytes: self.len,
            sha256: hex(&self.hash.clone().finalize()),
        }
    }

    /// Finishes the file and moves it into place; returns its mark.
    pub fn commit(mut self) -> Result<FileMark> {
        let mark = self.checkpoint()?;
        if self.writer.take().is_some() {
            std::fs::rename(&self.temp, &self.path).map_err(|e| Error::io(&self.path, &e))?;
            if let Some(dir) = self.path.parent() {
                sync_dir(dir).map_err(|e| Error::io(dir, &e))?;
            }
            fault::point("file-renamed", &self.path)?;
        }
        Ok(mark)
    }

    /// Removes the partial file (after a failure, so that nothing half-written stays).
    pub fn discard(mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// The first 12 hexadecimal digits of a checksum, enough to tell two apart in a message.
fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some(writer) = &mut self.writer else {
            return Err(std::io::Error::other(
                "the file is finished and renamed into place already",
            ));
        };
        let n = writer.write(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().map_or(Ok(()), |w| w.flush())
    }
}

/// The mark of a finished file on disk (its length and SHA-256), read whole.
pub fn mark_of(path: &Path) -> Result<FileMark> {
    let mut file = crate::source::file::open_regular(path)
        .map_err(|e| Error::input(format!("cannot read it: {e}")).in_file(path))?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, &e))?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        len += n as u64;
    }
    Ok(FileMark {
        name: name_of(path),
        bytes: len,
        sha256: hex(&hash.finalize()),
    })
}

/// Writes a whole file atomically; a failed write leaves no partial file behind.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let written = AtomicFile::create(path).and_then(|mut f| {
        f.write_all(bytes).map_err(|e| Error::io(path, &e))?;
        f.commit().map(drop)
    });
    discard_partial_on_error(path, written)
}

/// Writes `path` with `draw` (which writes the partial file it is given), then renames it into
/// place; after any error the partial file is removed, so nothing half-written stays behind.
pub fn write_whole(path: &Path, draw: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let partial = partial_path(path);
    // `draw` opens the file by its name: whatever is there (a link) goes first.
    if std::fs::symlink_metadata(&partial).is_ok_and(|m| !m.is_dir()) {
        std::fs::remove_file(&partial).map_err(|e| Error::io(&partial, &e))?;
    }
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

/// Why a single output file cannot be written where it was asked for
/// ([`destination_problem`]), in parts, so that a command that speaks another language can
/// say it in its own words.
#[derive(Debug)]
pub enum Unwritable {
    /// The path is empty.
    Empty,
    /// The path is an existing folder.
    Folder,
    /// The path does not end in a file name (`..`).
    NoFileName,
    /// The folder it goes in is a file.
    ParentIsFile(PathBuf),
    /// The folder it goes in does not exist.
    NoFolder(PathBuf),
    /// Where its partial file goes is a folder.
    PartialIsFolder(PathBuf),
    /// The folder takes no new file (permissions, a read-only file system).
    NotCreatable(std::io::Error),
}

/// What stops a single output file from being written to `path`, found before anything is
/// computed: a file name, not an existing folder, in a folder that exists, no folder where its
/// partial file goes, and a folder that takes a new file. `None` when it can be written.
pub fn destination_problem(path: &Path) -> Option<Unwritable> {
    if path.as_os_str().is_empty() {
        return Some(Unwritable::Empty);
    }
    if path.is_dir() {
        return Some(Unwritable::Folder);
    }
    if path.file_name().is_none() {
        return Some(Unwritable::NoFileName);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if dir.exists() && !dir.is_dir() {
            return Some(Unwritable::ParentIsFile(dir.to_path_buf()));
        }
        if !dir.is_dir() {
            return Some(Unwritable::NoFolder(dir.to_path_buf()));
        }
    }
    let partial = partial_path(path);
    if partial.is_dir() {
        return Some(Unwritable::PartialIsFolder(partial));
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
            None
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None, // a leftover, replaced later
        Err(e) => Some(Unwritable::NotCreatable(e)),
    }
}

/// Checks, before anything is computed, that a single output file (the `what`, given with
/// command-line `flag`) can be written to `path` ([`destination_problem`]). `example` is a
/// file name for the hints.
pub fn check_destination(path: &Path, flag: &str, what: &str, example: &str) -> Result<()> {
    let Some(problem) = destination_problem(path) else {
        return Ok(());
    };
    let name_it = || format!("give a file name, e.g. {flag} {example}");
    let (problem, hint) = match problem {
        Unwritable::Empty => ("the path is empty".into(), name_it()),
        Unwritable::Folder => (
            format!("it is a folder; the {what} is a file"),
            format!(
                "give a file name in that folder, e.g. {flag} {}",
                path.join(example).display()
            ),
        ),
        Unwritable::NoFileName => ("the path does not end in a file name".into(), name_it()),
        Unwritable::ParentIsFile(dir) => (
            format!("{} is a file, not a folder", dir.display()),
            format!("write the {what} into a folder"),
        ),
        Unwritable::NoFolder(dir) => (
            format!("the folder {} does not exist", dir.display()),
            format!("create the folder first, or write the {what} elsewhere"),
        ),
        Unwritable::PartialIsFolder(partial) => (
            format!(
                "{} (where the {what} is written before it is complete) is a folder",
                partial.display()
            ),
            format!("remove that folder, or write the {what} elsewhere"),
        ),
        Unwritable::NotCreatable(e) => (
            format!("no file can be created there ({e})"),
            format!("write the {what} into a folder you can write to"),
        ),
    };
    Err(Error::input(format!(
        "cannot write the {what} to {}: {problem}",
        path.display()
    ))
    .at_key(flag)
    .with_hint(hint))
}
