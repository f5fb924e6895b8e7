//! Config source files: reading TOML, and mapping parse and validation errors back to the file,
//! line and dotted key a person can find in their editor.

use crate::error::{Error, Result};
use crate::fault::{Expected, Fault, Slip, Written};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub mod file;
pub mod shape;

/// A TOML file read into memory, kept so that errors can point at lines.
#[derive(Clone, Debug)]
pub struct Source {
    /// Where it was read from (for text written from something else, where the paths in it
    /// are read from).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// What the text was written from when it was not read from a file (such as "a Python
    /// dict"): then no file at `path` holds it, and the manifest says so.
    pub written_from: Option<String>,
}

impl Source {
    /// Reads a config file: a regular file of at most [`file::MAX_CONFIG_BYTES`] of UTF-8
    /// text. A missing file, a folder, a named pipe, a device or a file too large is an input
    /// error with a hint (and nothing waits on a pipe or reads a device).
    pub fn read(path: &Path) -> Result<Source> {
        use file::ReadError;
        let limit = file::MAX_CONFIG_BYTES;
        let bytes = match file::read_limited(path, limit) {
            Ok(bytes) => bytes,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::input("file not found").in_file(path).with_hint(
                    "check the path; paths are relative to the directory you run negsim from",
                ));
            }
            // The file's name is in the message too: an error in a file named from another
            // (a case named in an experiment) is reported at the line that names it.
            Err(e @ ReadError::NotAFile(found)) => {
                return Err(Error::input(format!("cannot read {}: {e}", path.display()))
                    .in_file(path)
                    .with_hint("name a config file (.toml)")
                    .with_fault(Fault::NotAFile {
                        path: path.display().to_string(),
                        found,
                    }));
            }
            Err(ReadError::TooLarge(size)) => {
                let limit_mib = limit >> 20;
                return Err(Error::input(format!(
                    "{} is {size} bytes long; negsim reads config files of at most {limit_mib} MiB",
                    path.display(),
                ))
                .in_file(path)
                .with_hint(
                    "a config file is a few kilobytes: check that this is the file you meant",
                )
                .with_fault(Fault::TooLarge {
                    path: path.display().to_string(),
                    size,
                    limit_mib,
                }));
            }
            Err(ReadError::Io(e)) => {
                return Err(Error::input(format!("cannot read {}: {e}", path.display()))
                    .in_file(path)
                    .with_fault(Fault::system(&e)));
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source {
                path: path.to_path_buf(),
                text,
                written_from: None,
            }),
            Err(_) => Err(
                Error::input(format!("{} is not UTF-8 text", path.display()))
                    .in_file(path)
                    .with_hint("save it as UTF-8 in your editor (TOML files are UTF-8)")
                    .with_fault(Fault::NotText {
                        path: path.display().to_string(),
                    }),
            ),
        }
    }

    /// A source from text (for tests and embedded configs).
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
            written_from: None,
        }
    }

    /// Text written from something that is not a file (`from`, such as "a Python dict"),
    /// read as if it were a file at `path`: paths in it are found from there.
    pub fn written(path: impl Into<PathBuf>, text: impl Into<String>, from: &str) -> Source {
        Source {
            written_from: Some(from.to_string()),
            ..Source::from_text(path, text)
        }
    }

    /// Deserialises the whole file into `T`, turning TOML and serde errors into located errors.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        shape::check(&self.text).map_err(|e| {
            Error::input(e.message)
                .in_file(&self.path)
                .at_line(Some(self.line_at(e.offset)))
                .at_key(e.key)
                .with_hint(e.hint)
        })?;
        toml::from_str(&self.text).map_err(|e| match self.choices_for::<T>(&e) {
            Some(err) => err,
            None => self.toml_error(&e),
        })
    }

    /// A name from a fixed list written as something other than text (`agenda = 3`): serde
    /// says only "invalid type: unit variant" (or, for a number or a list, the parser's
    /// "wanted string or table"). Parsing again with text in the value's place
    /// makes it list the names, which the error then offers.
    fn choices_for<T: DeserializeOwned>(&self, e: &toml::de::Error) -> Option<Error> {
        if !e.message().contains("unit variant") && !e.message().contains("wanted string or table")
        {
            return None;
        }
        let span = e.span()?;
        let found = self.text.get(span.clone())?.trim().to_string();
        let mut text = self.text.clone();
        text.replace_range(span, "\"\"");
        let again = toml::from_str::<T>(&text).err()?;
        let located = self.toml_error(e);
        let choices = choices_error(again.message(), &found, located.key.as_deref())?;
        Some(Error {
            message: choices.message,
            hint: choices.hint,
            fault: choices.fault,
            ..located
        })
    }

    /// Parses the file into a generic TOML table (syntax errors are located).
    pub fn table(&self) -> Result<toml::Table> {
        self.parse()
    }

    /// Turns a toml error into a located [`Error`].
    pub fn toml_error(&self, e: &toml::de::Error) -> Error {
        let mut err = humane(e.message()).in_file(&self.path);
        // What serde did not read is a text that is not TOML.
        if err.fault.is_none() && DeTable::parse(&self.text).is_err() {
            let said = e.message().trim().to_string();
            err.fault = Some(Box::new(Fault::Syntax {
                slip: Slip::of(&said),
                said,
            }));
        }
        // A key missing at the top level comes with an empty span at the start of the file,
        // which would blame the file's first key.
        if let Some(field) = e.message().trim().strip_prefix("missing field `")
            && let Some(field) = field.split('`').next()
            && e.span().is_some_and(|s| s.is_empty() && s.start == 0)
        {
            err.message = format!("the file does not set `{field}`, which it needs");
            err.hint = Some(format!(
                "add `{field}`; the bundled files in configs/ and experiments/ show it in use"
            ));
            err.fault = Some(Box::new(Fault::Missing {
                name: field.to_string(),
            }));
            return err;
        }
        if let Some(span) = e.span() {
            err.line = Some(self.line_at(span.start));
            if let Some(key) = self.key_at(&span) {
                err.key = Some(key);
            }
            // The parser's own words name no key; the span points at the second one.
            if e.message().trim().starts_with("duplicate key")
                && let Some(name) = self.text.get(span.clone()).map(str::trim)
                && !name.is_empty()
            {
                let line_start = self.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = self.text[span.start..]
                    .find('\n')
                    .map_or(self.text.len(), |i| span.start + i);
                let line = self.text[line_start..line_end].trim();
                // A table header names the whole dotted table; a key line the key itself.
                let name = if line.starts_with('[') {
                    line.trim_start_matches('[')
                        .split(']')
                        .next()
                        .unwrap_or(name)
                        .trim()
                } else {
                    name
                };
                err.message = format!("`{name}` is set twice");
                err.fault = Some(Box::new(Fault::Twice {
                    name: name.to_string(),
                }));
                err.hint = Some(
                    "keep one of the two: a key or table may be set only once (a dotted key such as a.b = 1 sets table a too)"
                        .into(),
                );
            }
        }
        err
    }

    /// 1-based line number of a byte offset.
    pub fn line_at(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// The dotted key whose key or value span contains the given span, innermost first.
    pub fn key_at(&self, span: &Range<usize>) -> Option<String> {
        let root = DeTable::parse(&self.text).ok()?;
        let mut path = Vec::new();
        find_span(root.get_ref(), span, &mut path).then(|| path.join("."))
    }

    /// The line where a dotted key (array elements as numbers, e.g. `issues.2.options`) is set.
    /// A quoted key that holds dots itself (e.g. `"traits.openness.mean"` under `[sweep]`) is
    /// found too: where one part is no key, it is tried together with the parts after it.
    pub fn line_of(&self, dotted: &str) -> Option<usize> {
        let root = DeTable::parse(&self.text).ok()?;
        let mut table: &DeTable = root.get_ref();
        let mut value: Option<&Spanned<DeValue>> = None;
        let mut key_span: Option<Range<usize>> = None;
        let parts: Vec<&str> = dotted.split('.').collect();
        let mut i = 0;
        while i < parts.len() {
            let Some(((span, v), next)) = (i + 1..=parts.len())
                .find_map(|j| child(table, value, &parts[i..j].join(".")).map(|c| (c, j)))
            else {
                break;
            };
            key_span = Some(span);
            value = Some(v);
            if let DeValue::Table(t) = v.get_ref() {
                table = t;
            }
            i = next;
        }
        key_span.map(|s| self.line_at(s.start))
    }

    /// An input error located at a dotted key of this file.
    pub fn error_at(&self, dotted: &str, message: impl Into<String>) -> Error {
        Error::input(message)
            .in_file(&self.path)
            .at_line(self.line_of(dotted))
            .at_key(dotted)
    }
}

/// The entry `part` under `value` (a table, or an array indexed by number), or under `table`
/// at the top.
fn child<'a, 'i>(
    table: &'a DeTable<'i>,
    value: Option<&'a Spanned<DeValue<'i>>>,
    part: &str,
) -> Option<(Range<usize>, &'a Spanned<DeValue<'i>>)> {
    match value.map(|v| v.get_ref()) {
        None => lookup(table, part),
        Some(DeValue::Table(t)) => lookup(t, part),
        Some(DeValue::Array(a)) => part
            .parse::<usize>()
            .ok()
            .and_then(|i| a.get(i))
            .map(|v| (v.span(), v)),
        _ => None,
    }
}

fn lookup<'a, 'i>(
    table: &'a DeTable<'i>,
    key: &str,
) -> Option<(Range<usize>, &'a Spanned<DeValue<'i>>)> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(k, v)| (k.span(), v))
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.start < outer.end
}

fn find_span(table: &DeTable, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    for (k, v) in table.iter() {
        if contains(&k.span(), span) {
            path.push(k.get_ref().to_string());
            return true;
        }
        if contains(&v.span(), span) || matches!(v.get_ref(), DeValue::Table(_) | DeValue::Array(_))
        {
            path.push(k.get_ref().to_string());
            if find_in_value(v, span, path) {
                return true;
            }
            path.pop();
        }
    }
    false
}

fn find_in_value(v: &Spanned<DeValue>, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    match v.get_ref() {
        DeValue::Table(t) => find_span(t, span, path) || contains(&v.span(), span),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                path.push(i.to_string());
                if find_in_value(item, span, path) {
                    return true;
                }
                path.pop();
            }
            contains(&v.span(), span)
        }
        _ => contains(&v.span(), span),
    }
}

/// The error for a name from a fixed list written as something other than text (`found`,
/// e.g. `3`), from serde's error on the same input with empty text in its place (`again`,
/// "unknown variant ``, expected one of `a`, `b`, `c`", or "expected `a` or `b`"). `None` if
/// `again` lists no names.
pub fn choices_error(again: &str, found: &str, key: Option<&str>) -> Option<Error> {
    let listed = again
        .strip_prefix("unknown variant ")?
        .split_once(", expected ")?
        .1;
    let names = listed.strip_prefix("one of ").unwrap_or(listed).trim();
    let first = names.split('`').nth(1)?;
    let leaf = crate::error::key_leaf(key);
    let known = names.split('`').skip(1).step_by(2).map(String::from);
    Some(
        Error::input(format!("expected {listed}, found {found}"))
            .with_hint(format!(
                "write the name in double quotes: {leaf} = \"{first}\""
            ))
            .with_fault(Fault::NameNotText {
                found: found.to_string(),
                known: known.collect(),
            }),
    )
}

/// Words people use for a decision rule, and negsim's names for what they mean.
const SYNONYMS: [(&str, &str); 3] = [
    (
        "consensus",
        "`unanimity` (everyone accepts) or `consent` (nobody objects)",
    ),
    ("vote", "`majority` (more than half accept)"),
    ("unanimous", "`unanimity` (everyone accepts)"),
];

/// Turns a serde/toml message into an error for people: Rust type names become words, and an
/// unknown name gets a "did you mean" hint.
pub fn humane(message: &str) -> Error {
    let mut m = message.trim().trim_end_matches('.').to_string();
    let fault = fault_of(&m);
    for (rust, words) in [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        (
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        ),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
    ] {
        m = m.replace(rust, words);
    }
    // serde names the Rust type a table is read into ("expected struct GroupSize"); the user
    // wrote TOML, where it is a table.
    if let Some(at) = m.find("expected struct ") {
        m.replace_range(at.., "expected a table of keys and values");
    }
    // Whole numbers in TOML are 64-bit signed: the parser's words for one beyond them.
    if m == "u64 value was too large" {
        m = format!(
            "the number is too large: whole numbers in TOML go up to {}",
            i64::MAX
        );
    } else if let Some(rest) = m.strip_prefix("invalid type: integer `")
        && let Some((digits, _)) = rest.split_once("` as i128")
    {
        m = format!(
            "the number {digits} is too large: whole numbers in TOML go from {} to {}",
            i64::MIN,
            i64::MAX
        );
    }
    // serde's words are Rust's: a struct's field is a key in TOML, an enum's variant one of
    // the values a key takes.
    for (rust, words) in [
        ("unknown field `", "unknown key `"),
        ("unknown variant `", "unknown value `"),
    ] {
        if let Some(rest) = m.strip_prefix(rust) {
            m = format!("{words}{rest}");
        }
    }
    let mut err = Error::input(m);
    // A name not among those known: the nearest, or what a word people use for it means.
    if let Some(Fault::UnknownKey { name, known } | Fault::UnknownName { name, known }) = &fault {
        if let Some(n) = crate::error::nearest(name, known) {
            err.hint = Some(format!("did you mean `{n}`?"));
        } else if let Some((_, meaning)) = SYNONYMS.iter().find(|(word, meaning)| {
            name.eq_ignore_ascii_case(word) && known.iter().any(|k| meaning.contains(k.as_str()))
        }) {
            err.hint = Some(format!("for {name}, write {meaning}"));
        }
    }
    err.fault = fault.map(Box::new);
    err
}

/// What serde's words say is wrong, in parts (see [`Fault`]); `None` for words it does not
/// use for the faults people make in a file.
fn fault_of(said: &str) -> Option<Fault> {
    let named = |rest: &str| -> Option<(String, Vec<String>)> {
        let (name, tail) = rest.split_once('`')?;
        let known = tail.split('`').skip(1).step_by(2).map(String::from);
        Some((name.to_string(), known.collect()))
    };
    if let Some(rest) = said.strip_prefix("unknown field `") {
        let (name, known) = named(rest)?;
        return Some(Fault::UnknownKey { name, known });
    }
    if let Some(rest) = said.strip_prefix("unknown variant `") {
        let (name, known) = named(rest)?;
        return Some(Fault::UnknownName { name, known });
    }
    if let Some(rest) = said.strip_prefix("missing field `") {
        let name = rest.split('`').next()?;
        return Some(Fault::Missing {
            name: name.to_string(),
        });
    }
    let rest = said
        .strip_prefix("invalid type: ")
        .or_else(|| said.strip_prefix("invalid value: "))?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    // A number too large for 64 bits is told as such, not as a type.
    if found.ends_with("as i128") {
        return None;
    }
    Some(Fault::WrongType {
        found: Written::from_serde(found),
        expected: Expected::from_serde(expected),
    })
}
