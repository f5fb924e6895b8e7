//! Finding cases and cultures by name or path.
//!
//! A name (`job-offer`) is looked up as `configs/cases/job-offer.toml` in the directory of the
//! file that names it and each of its parents, then in the working directory, and finally among
//! the cases and cultures built into negsim, so bundled examples work from anywhere. A value
//! ending in `.toml` or containing a `/` is a path, relative to the naming file's directory.

use crate::error::{Error, Result, nearest};
use crate::fault::{ConfigKind, Fault, Named};
use crate::model::case::Case;
use crate::model::culture::Culture;
use crate::protocol::setup::Tactic;
use crate::protocol::strategy;
use crate::source::Source;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Cases shipped with negsim: (name, file text).
pub const BUILT_IN_CASES: &[(&str, &str)] = &[
    (
        "job-offer",
        include_str!("../../configs/cases/job-offer.toml"),
    ),
    (
        "office-reorganisation",
        include_str!("../../configs/cases/office-reorganisation.toml"),
    ),
    (
        "park-redesign",
        include_str!("../../configs/cases/park-redesign.toml"),
    ),
    (
        "sprint-planning",
        include_str!("../../configs/cases/sprint-planning.toml"),
    ),
];

/// Cultures shipped with negsim: (name, file text).
pub const BUILT_IN_CULTURES: &[(&str, &str)] = &[
    (
        "collaborative",
        include_str!("../../configs/cultures/collaborative.toml"),
    ),
    (
        "positional",
        include_str!("../../configs/cultures/positional.toml"),
    ),
    ("mixed", include_str!("../../configs/cultures/mixed.toml")),
    (
        "positional-facilitated",
        include_str!("../../configs/cultures/positional-facilitated.toml"),
    ),
];

/// What kind of building block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `configs/cases/`.
    Case,
    /// `configs/cultures/`.
    Culture,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::Case => "cases",
            Kind::Culture => "cultures",
        }
    }

    fn built_in(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Case => BUILT_IN_CASES,
            Kind::Culture => BUILT_IN_CULTURES,
        }
    }
}

/// Why a case or culture was not found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// A path (it ends in `.toml` or holds a `/` or `\`) with no file there.
    NoFile,
    /// A name that is neither a file in a `configs/` folder nor built in.
    Unknown {
        /// The known name closest to it, if one is close enough to be a slip.
        nearest: Option<String>,
        /// Every known name, sorted.
        known: Vec<String>,
    },
}

impl Missing {
    /// The error for `name` not found, as the commands that read config files tell it.
    pub fn error(&self, kind: Kind, name: &str) -> Error {
        match self {
            Missing::NoFile => {
                Error::input(format!("{} file `{name}` not found", kind_word(kind)))
                    .with_hint("paths are relative to the file that names them; on the command line, to the folder you run negsim from")
            }
            Missing::Unknown { nearest, known } => {
                Error::input(format!("unknown {} `{name}`", kind_word(kind))).with_hint(
                    match nearest {
                        Some(n) => format!("did you mean `{n}`? Known: {}", known.join(", ")),
                        None => format!("known {}s: {}", kind_word(kind), known.join(", ")),
                    },
                )
            }
        }
    }
}

/// Whether a case or culture is named by a path (it ends in `.toml` or holds a `/` or `\`)
/// rather than by a name.
fn is_path(name: &str) -> bool {
    name.ends_with(".toml") || name.contains('/') || name.contains('\\')
}

/// Resolves names of cases and cultures to files.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Directories to search for `configs/`, nearest first.
    roots: Vec<PathBuf>,
    /// Texts given directly (e.g. from a manifest), by (kind folder, name).
    texts: BTreeMap<(String, String), Source>,
}

impl Library {
    /// A library for names found in `file`: searches its directory and parents, then the
    /// working directory.
    pub fn near(file: &Path) -> Library {
        let mut roots = Vec::new();
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let mut d = Some(dir.as_path());
        while let Some(p) = d {
            roots.push(p.to_path_buf());
            d = p.parent().filter(|q| !q.as_os_str().is_empty());
        }
        if let Ok(cwd) = std::env::current_dir() {
            roots.push(cwd);
        }
        Library {
            roots,
            texts: BTreeMap::new(),
        }
    }

    /// Registers a text for a name (used when replaying from a manifest).
    pub fn insert_text(&mut self, kind: Kind, name: &str, source: Source) {
        self.texts
            .insert((kind.folder().to_string(), name.to_string()), source);
    }

    /// Finds the source of a name or path.
    pub fn find(&self, kind: Kind, name: &str) -> Result<Source> {
        match self.locate(kind, name)? {
            Some(source) => Ok(source),
            None => Err(self.missing(kind, name).error(kind, name)),
        }
    }

    /// The source of a name or path, or `None` when there is none (see [`Library::missing`]
    /// for why); an error when a file is there but cannot be read.
    pub fn locate(&self, kind: Kind, name: &str) -> Result<Option<Source>> {
        if let Some(src) = self
            .texts
            .get(&(kind.folder().to_string(), name.to_string()))
        {
            return Ok(Some(src.clone()));
        }
        if is_path(name) {
            let direct = PathBuf::from(name);
            let candidates: Vec<PathBuf> = if direct.is_absolute() {
                vec![direct]
            } else {
                self.roots
                    .iter()
                    .take(1)
                    .map(|r| r.join(name))
                    .chain(std::iter::once(direct))
                    .collect()
            };
            // Whatever is there (a folder, a pipe, a device) is read or said for what it is.
            for c in &candidates {
                if std::fs::metadata(c).is_ok() {
                    return Source::read(c).map(Some);
                }
            }
            return Ok(None);
        }
        for root in &self.roots {
            let p = root
                .join("configs")
                .join(kind.folder())
                .join(format!("{name}.toml"));
            if p.is_file() {
                return Source::read(&p).map(Some);
            }
        }
        Ok(kind
            .built_in()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| {
                Source::from_text(format!("<built-in {}/{name}.toml>", kind.folder()), *text)
            }))
    }

    /// Why [`Library::locate`] found nothing for `name`: no file at a path, or a name it does
    /// not know (with the known names, and the nearest to it).
    pub fn missing(&self, kind: Kind, name: &str) -> Missing {
        if is_path(name) {
            return Missing::NoFile;
        }
        let known = self.names(kind);
        Missing::Unknown {
            nearest: nearest(name, &known).map(str::to_string),
            known,
        }
    }

    /// A note when `source`, found for `name`, is a file that stands in for a bundled case or
    /// culture of the same name with a different text: a `configs/` folder near the working
    /// directory takes precedence over what negsim ships, which a teacher following the
    /// guide's examples should know.
    pub fn shadowing_note(kind: Kind, name: &str, source: &Source) -> Option<String> {
        let (_, bundled) = kind.built_in().iter().find(|(n, _)| *n == name)?;
        let from_file = !source.path.to_string_lossy().starts_with("<built-in");
        // A checkout with Windows line endings holds the bundled text all the same.
        let same = source.text.replace("\r\n", "\n") == bundled.replace("\r\n", "\n");
        (from_file && !same).then(|| {
            format!(
                "note: `{name}` is read from {}, which differs from the {} of that name that comes with negsim",
                source.path.display(),
                kind_word(kind)
            )
        })
    }

    /// Names available (files near the config, then built-ins), sorted.
    pub fn names(&self, kind: Kind) -> Vec<String> {
        let mut names: Vec<String> = kind.built_in().iter().map(|(n, _)| n.to_string()).collect();
        for root in &self.roots {
            if let Ok(entries) = std::fs::read_dir(root.join("configs").join(kind.folder())) {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.extension().is_some_and(|x| x == "toml")
                        && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                    {
                        names.push(stem.to_string());
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Loads and validates a case.
    pub fn case(&self, name: &str) -> Result<(Case, Source)> {
        let source = self.find(Kind::Case, name)?;
        let case = load_case(&source, name)?;
        Ok((case, source))
    }

    /// Loads and validates a culture.
    pub fn culture(&self, name: &str) -> Result<(Culture, Source)> {
        let source = self.find(Kind::Culture, name)?;
        let culture = load_culture(&source, name)?;
        Ok((culture, source))
    }
}

/// Parses and validates a culture file; `name` (its name or path) names it if it does not.
pub fn load_culture(source: &Source, name: &str) -> Result<Culture> {
    ConfigKind::Culture.expect(source)?;
    let mut culture: Culture = source.parse()?;
    check_written_name(source, &culture.name, Named::Culture)?;
    if culture.name.is_empty() {
        culture.name = stem(name);
    }
    culture.validate().map_err(|e| locate(e, source))?;
    if let Some(name) = &culture.tactic {
        check_tactic_name(name).map_err(|e| locate(e, source))?;
    }
    Ok(culture)
}

/// How a name that is not a built-in tactic becomes one: the hint for an unknown tactic, in a
/// culture or an experiment.
pub const REGISTER_A_STRATEGY: &str = "a strategy of your own is registered by name before the experiment is read: negsim::protocol::strategy::register in a binary of your own that then calls negsim::cli::main (see examples/own_binary.rs), or negsim.run(..., strategies=...) in Python";

/// Whether a culture's `tactic` names a tactic: a built-in one or a registered strategy.
fn check_tactic_name(name: &str) -> Result<()> {
    if Tactic::named(name).is_some() {
        return Ok(());
    }
    let names: Vec<String> = strategy::BUILT_IN
        .iter()
        .map(|n| n.to_string())
        .chain(strategy::registered())
        .collect();
    let mut e = Error::input(format!(
        "unknown tactic `{name}`; a culture names one of {}",
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .at_key("tactic");
    // `time_based` is a tactic's name, but not one a culture can give without its exponent:
    // "did you mean `time_based`?" would name it back.
    e.hint = Some(match nearest(name, &names) {
        _ if name == "time_based" => "a culture names a tactic; write a time-based one with its exponent in the experiment: tactic = { time_based = 0.5 }".to_string(),
        Some(n) => format!("did you mean `{n}`?"),
        None => REGISTER_A_STRATEGY.to_string(),
    });
    Err(e.with_fault(Fault::UnknownTactic {
        name: name.to_string(),
        known: names,
    }))
}

/// What kind of config file a TOML file is, judged by its top-level keys: a case has issues
/// or stakeholders, a culture traits or norms, an experiment tables such as `[experiment]`
/// and `[base]`.
impl ConfigKind {
    /// The kind of a parsed file; `None` when its keys say nothing (a file of typos is left
    /// to the parse, which names the unknown key).
    pub fn of(table: &toml::Table) -> Option<ConfigKind> {
        let has = |keys: &[&str]| keys.iter().any(|k| table.contains_key(*k));
        if has(&["issues", "stakeholders"]) {
            Some(ConfigKind::Case)
        } else if has(&["traits", "norms"]) {
            Some(ConfigKind::Culture)
        } else if has(&[
            "experiment",
            "base",
            "condition",
            "conditions",
            "sweep",
            "output",
            "finding",
        ]) {
            Some(ConfigKind::Experiment)
        } else {
            None
        }
    }

    /// "a case file", "an experiment file".
    fn described(self) -> &'static str {
        match self {
            ConfigKind::Experiment => "an experiment file",
            ConfigKind::Case => "a case file",
            ConfigKind::Culture => "a culture file",
        }
    }

    /// Refuses a file of another kind before its fields are read, so that a case given where
    /// a culture belongs is called a case file, not a culture with unknown fields. Syntax
    /// errors are left to the parse that follows.
    pub fn expect(self, source: &Source) -> Result<()> {
        let Ok(table) = source.table() else {
            return Ok(());
        };
        let Some(found) = ConfigKind::of(&table).filter(|&found| found != self) else {
            return Ok(());
        };
        let program = crate::program::name();
        let hint = match (self, found) {
            (ConfigKind::Experiment, _) => {
                let what = if found == ConfigKind::Case {
                    "case"
                } else {
                    "culture"
                };
                format!(
                    "name it in an experiment's [base] (e.g. {what} = \"...\"), or validate it with `{program} check`"
                )
            }
            (ConfigKind::Case, _) => format!(
                "give a case here: a name from configs/cases (e.g. job-offer) or a case file; `{program} check FILE` says what a file is"
            ),
            (ConfigKind::Culture, _) => format!(
                "give a culture here: a name from configs/cultures (e.g. collaborative) or a culture file; `{program} check FILE` says what a file is"
            ),
        };
        Err(Error::input(format!(
            "this is {}, not {}",
            found.described(),
            self.described()
        ))
        .in_file(&source.path)
        .with_hint(hint)
        .with_fault(Fault::WrongKind {
            found,
            expected: self,
        }))
    }
}

/// Parses and validates a case from its source.
pub fn load_case(source: &Source, name: &str) -> Result<Case> {
    ConfigKind::Case.expect(source)?;
    let mut case: Case = source.parse()?;
    check_written_name(source, &case.name, Named::Case)?;
    if case.name.is_empty() {
        case.name = stem(name);
    }
    case.validate().map_err(|e| locate(e, source))?;
    case.fill_labels();
    Ok(case)
}

/// Refuses a `name` written in a case or culture file that is empty or that a spreadsheet
/// would run as a formula (see [`crate::model::name`]). Left out, the name is the file's.
fn check_written_name(source: &Source, name: &str, named: Named) -> Result<()> {
    let written = name.is_empty() && source.line_of("name").is_some();
    if name.is_empty() && !written {
        return Ok(());
    }
    let what = match named {
        Named::Case => "a case name",
        _ => "a culture name",
    };
    crate::model::name::check_name(name, what).map_err(|e| {
        let mut located = source
            .error_at("name", e.message)
            .with_fault(crate::model::name::refused(named, name));
        located.hint = Some(if name.trim().is_empty() {
            "give a short name, or leave `name` out to use the file's name".into()
        } else {
            e.hint.unwrap_or_default()
        });
        located
    })
}

/// Puts a keyed error at its line in a source.
pub fn locate(err: Error, source: &Source) -> Error {
    let line = err.key.as_deref().and_then(|k| source.line_of(k));
    err.or_file(&source.path).at_line(line)
}

fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
        .to_string()
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Case => "case",
        Kind::Culture => "culture",
    }
}
