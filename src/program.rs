//! The name the tool was started by, for the commands a message suggests and the name its
//! messages start with (`negsim: ...`): `negsim` itself, or a binary of one's own that
//! registers strategies and hands over to [`crate::cli::main`]. A run, a replay or a merge of
//! a run that seated such strategies works only with the binary that knows them, so its hints
//! must name that binary, as clap's usage lines do.

use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;

/// The name set from the command line, once.
static NAME: OnceLock<String> = OnceLock::new();

/// The tool's name when nothing else is known.
const DEFAULT: &str = "negsim";

/// The program's name as the commands in messages give it: the file name it was started by
/// (without `.exe`), `negsim` until [`set_from_arg0`] is called or when that name is not
/// text.
pub fn name() -> &'static str {
    NAME.get().map_or(DEFAULT, String::as_str)
}

/// Sets [`name`] from the first command-line argument, the program's path. The first call
/// wins: a process is started by one program.
pub fn set_from_arg0(arg0: &OsStr) {
    if let Some(name) = name_in(arg0) {
        let _ = NAME.set(name.to_string());
    }
}

/// The program's name in its path: the file name, without `.exe`; `None` when that is empty
/// or not text.
fn name_in(arg0: &OsStr) -> Option<&str> {
    let file = Path::new(arg0).file_name()?.to_str()?;
    let name = file.strip_suffix(".exe").unwrap_or(file);
    (!name.is_empty()).then_some(name)
}

/// A command for the reader to type: `rest` after the program's name, as in
/// `command("run x.toml --resume")` = `negsim run x.toml --resume`.
pub fn command(rest: &str) -> String {
    format!("{} {rest}", name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_file_name_of_the_path_the_program_was_started_by() {
        fn name(arg0: &str) -> Option<&str> {
            name_in(OsStr::new(arg0))
        }
        assert_eq!(name("negsim"), Some("negsim"));
        assert_eq!(name("./target/release/negsim"), Some("negsim"));
        assert_eq!(name("/opt/lab/bin/my-negsim"), Some("my-negsim"));
        assert_eq!(name("my-negsim.exe"), Some("my-negsim"));
        // A dot inside the name is part of it.
        assert_eq!(name("negsim.v2"), Some("negsim.v2"));
        assert_eq!(name(""), None);
        assert_eq!(name(".exe"), None);
        assert_eq!(name("/"), None);
    }

    #[test]
    fn a_command_is_the_name_and_the_rest() {
        assert_eq!(
            command("run x.toml --resume"),
            format!("{} run x.toml --resume", name())
        );
    }
}
