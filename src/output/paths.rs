//! Paths compared as places: two spellings of one folder (relative or absolute, through a
//! symbolic link, with `..`) are the same folder. And paths checked for what they are before
//! negsim writes there.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// Refuses `path` when it exists as the other kind than negsim writes there: a folder where a
/// file goes, or a file where a folder goes. Checked before any work, since the writing comes
/// last. `writer` says who writes there ("the run writes its", "the charts go in a").
pub fn check_kind(path: &Path, folder: bool, writer: &str, hint: &str) -> Result<()> {
    if !path.exists() || path.is_dir() == folder {
        return Ok(());
    }
    let (found, wanted) = if folder {
        ("a file", "folder")
    } else {
        ("a folder", "file")
    };
    Err(Error::input(format!(
        "{} is {found}, where {writer} {wanted} of that name",
        path.display()
    ))
    .with_hint(hint.to_string()))
}

/// `path` made absolute with symbolic links resolved, also when its end does not exist yet,
/// so that two spellings of one folder compare equal.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for existing in absolute.ancestors() {
        let Ok(mut base) = existing.canonicalize() else {
            continue;
        };
        let rest = absolute.strip_prefix(existing).unwrap_or(Path::new(""));
        for part in rest.components() {
            match part {
                Component::ParentDir => {
                    base.pop();
                }
                Component::Normal(name) => base.push(name),
                _ => {}
            }
        }
        return base;
    }
    absolute
}
