//! The `negsim` command-line tool.

fn main() {
    // Rust ignores SIGPIPE, which turns `negsim ... | head` into a panic on the next print;
    // restore the default so the process ends quietly when its reader goes away.
    #[cfg(unix)]
    // SAFETY: setting a signal disposition before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(negsim::cli::main());
}
