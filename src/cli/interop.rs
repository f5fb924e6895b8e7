//! `negsim import` and `negsim export`: scenarios from and for other platforms.

use crate::error::{Error, Result};
use crate::experiment::library::{Library, load_case};
use crate::interop::genius;
use crate::model::case::Case;
use crate::output::atomic::write_file;
use crate::source::Source;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// Arguments of `negsim import`.
#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// The format to import.
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// Formats `negsim import` reads.
#[derive(Subcommand, Debug, Clone)]
pub enum ImportFormat {
    /// A GENIUS / ANAC scenario folder: one domain XML and a utility-profile XML per party
    /// (discrete issues). Writes a negsim case TOML.
    Genius(ImportGeniusArgs),
}

/// Arguments of `negsim import genius`.
#[derive(Args, Debug, Clone)]
pub struct ImportGeniusArgs {
    /// The scenario folder.
    pub folder: PathBuf,
    /// The case file to write (.toml) [default: print it].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the file `--out` names if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// Arguments of `negsim export`.
#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    /// The format to export.
    #[command(subcommand)]
    pub format: ExportFormat,
}

/// Formats `negsim export` writes.
#[derive(Subcommand, Debug, Clone)]
pub enum ExportFormat {
    /// A GENIUS / ANAC scenario folder (for GENIUS and NegMAS): a domain XML and one profile
    /// XML per stakeholder.
    Genius(ExportGeniusArgs),
}

/// Arguments of `negsim export genius`.
#[derive(Args, Debug, Clone)]
pub struct ExportGeniusArgs {
    /// A case file, or the name of a case in configs/cases/.
    pub case: String,
    /// The folder to write (new, or without XML files).
    #[arg(long)]
    pub out: PathBuf,
}

/// Runs `negsim import`.
pub fn import(args: ImportArgs) -> Result<()> {
    let ImportFormat::Genius(args) = args.format;
    let case = genius::import(&args.folder)?;
    if let Some(out) = &args.out {
        check_out_file(out, args.force)?;
    }
    let text = case_toml(&case, &args.folder)?;
    match &args.out {
        Some(out) => {
            write_file(out, text.as_bytes())?;
            eprintln!(
                "{program}: wrote {} ({} issues, {} stakeholders)",
                out.display(),
                case.issues.len(),
                case.stakeholders.len(),
                program = crate::program::name(),
            );
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// Checks that the case file can be written to `out` before anything is written: it names a
/// `.toml` file (not a folder) in a folder that exists, and not one that exists already unless
/// `force` says to replace it (it may be a case somebody has edited since).
fn check_out_file(out: &Path, force: bool) -> Result<()> {
    crate::output::atomic::check_destination(out, "--out", "case", "case.toml")?;
    let extension = out.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !extension.eq_ignore_ascii_case("toml") {
        return Err(Error::input(format!(
            "--out {}: a case is a TOML file, so its name must end in .toml",
            out.display()
        ))
        .at_key("--out")
        .with_hint(format!(
            "for example: --out {}",
            out.with_extension("toml").display()
        )));
    }
    if out.exists() && !force {
        return Err(Error::input(format!("{} exists already", out.display()))
            .at_key("--out")
            .with_hint("choose another name, or add --force to replace it"));
    }
    Ok(())
}

/// The case as a commented TOML file.
fn case_toml(case: &Case, folder: &Path) -> Result<String> {
    let body = toml::to_string_pretty(case)
        .map_err(|e| Error::input(format!("cannot write the case: {e}")))?;
    let header = format!(
        "# Imported from the GENIUS scenario `{}` by `negsim import genius`.\n\
         # Valuations are GENIUS evaluations divided by each issue's largest; BATNAs are the\n\
         # reservation values. GENIUS has no world value: every option has a neutral {} (also\n\
         # the world threshold and the value without agreement).\n\n",
        folder
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        genius::NEUTRAL_WORLD_VALUE
    );
    // The file must read back as the same case.
    let back: Case = Source::from_text("imported.toml", body.clone()).parse()?;
    debug_assert_eq!(&back, case);
    Ok(header + &body)
}

/// Runs `negsim export`.
pub fn export(args: ExportArgs) -> Result<()> {
    let ExportFormat::Genius(args) = args.format;
    genius::check_export_folder(&args.out)?;
    let case = read_case(&args.case)?;
    let notes = genius::export(&case, &args.out)?;
    for n in &notes {
        eprintln!(
            "{program}: note: `{}` values its best option on `{}` at {}; GENIUS rescales that issue's evaluations to a best of 1",
            n.stakeholder,
            n.issue,
            n.best,
            program = crate::program::name(),
        );
    }
    let hidden = case
        .issues
        .iter()
        .flat_map(|i| &i.options)
        .filter(|o| o.hidden)
        .count();
    if hidden > 0 {
        eprintln!(
            "{program}: note: {hidden} hidden option(s) exported as ordinary values (GENIUS has no hidden options)",
            program = crate::program::name(),
        );
    }
    eprintln!(
        "{program}: wrote {} (a domain and {} profiles)",
        args.out.display(),
        case.stakeholders.len(),
        program = crate::program::name(),
    );
    Ok(())
}

fn read_case(name: &str) -> Result<Case> {
    let path = Path::new(name);
    if path.is_file() {
        let source = Source::read(path)?;
        return load_case(&source, name);
    }
    Library::near(Path::new("negsim.toml"))
        .case(name)
        .map(|(case, _)| case)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::atomic::partial_path;

    #[test]
    fn a_failed_write_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder in the way of the final rename.
        let out = dir.path().join("case.toml");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("inside"), b"x").unwrap();
        assert!(write_file(&out, b"name = \"x\"\n").is_err());
        assert!(!partial_path(&out).exists());
        // The same path is refused up front, as bad input with a hint.
        let e = check_out_file(&out, false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.hint.unwrap().contains("case.toml"));
    }
}
