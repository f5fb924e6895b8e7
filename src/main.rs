//! The `negsim` command-line tool.

fn main() {
    std::process::exit(negsim::cli::main());
}
