//! Paths compared as places: two spellings of one folder (relative or absolute, through a
//! symbolic link, with `..`) are the same folder.

use std::path::{Component, Path, PathBuf};

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
