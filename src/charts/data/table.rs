//! A CSV file of a run being read: its columns by name, typed fields, and errors that name the
//! file and line.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A CSV file being read, for errors that name the file and line.
pub struct Table {
    path: PathBuf,
    /// File name, for messages.
    pub name: String,
    header: csv::StringRecord,
}

impl Table {
    /// Opens a file and reads its header; a missing or empty file is an input error.
    pub fn open(path: &Path) -> Result<(Table, csv::Reader<std::fs::File>)> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let file = std::fs::File::open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::input(format!("{name} is missing"))
                    .in_file(path)
                    .with_hint(format!(
                        "charts need a complete run: run the experiment again with `{program} run`",
                        program = crate::program::name()
                    ))
            } else {
                Error::io(path, &e)
            }
        })?;
        let mut reader = csv::ReaderBuilder::new().from_reader(file);
        let header = reader
            .headers()
            .map_err(|e| {
                Error::input(format!("cannot read the header: {e}"))
                    .in_file(path)
                    .at_line(Some(1))
            })?
            .clone();
        if header.is_empty() || header.iter().all(|h| h.is_empty()) {
            return Err(Error::input(format!("{name} is empty: it has no header"))
                .in_file(path)
                .at_line(Some(1)));
        }
        Ok((
            Table {
                path: path.to_path_buf(),
                name,
                header,
            },
            reader,
        ))
    }

    /// The index of a column, or an error naming the file and the column.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(format!("{} has no `{name}` column", self.name))
                .in_file(&self.path)
                .at_line(Some(1))
                .with_hint("the file was not written by this version of negsim, or was edited")
        })
    }

    /// An input error at the line of a row.
    pub fn error(&self, rec: &csv::StringRecord, message: String) -> Error {
        Error::input(message)
            .in_file(&self.path)
            .at_line(rec.position().map(|p| p.line() as usize))
    }

    /// A field of a row as text.
    pub fn field<'r>(&self, rec: &'r csv::StringRecord, col: usize) -> Result<&'r str> {
        rec.get(col)
            .ok_or_else(|| self.error(rec, "the row has fewer columns than the header".into()))
    }

    /// A field of a row as a number.
    pub fn number(&self, rec: &csv::StringRecord, col: usize) -> Result<f64> {
        let text = self.field(rec, col)?;
        text.parse::<f64>().map_err(|_| {
            self.error(
                rec,
                format!("`{}`: expected a number, found `{text}`", &self.header[col]),
            )
        })
    }

    /// A field of a row as a number, NaN when empty (for values that may be undefined, such as
    /// the cycles an organisation took to become collaborative when it never did).
    pub fn optional_number(&self, rec: &csv::StringRecord, col: usize) -> Result<f64> {
        if self.field(rec, col)?.is_empty() {
            return Ok(f64::NAN);
        }
        self.number(rec, col)
    }

    /// A field of a row as `true` or `false`.
    pub fn flag(&self, rec: &csv::StringRecord, col: usize) -> Result<bool> {
        match self.field(rec, col)? {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(self.error(
                rec,
                format!(
                    "`{}`: expected true or false, found `{other}`",
                    &self.header[col]
                ),
            )),
        }
    }

    /// The rows, with errors that name the line of a damaged row.
    pub fn rows(
        &self,
        reader: csv::Reader<std::fs::File>,
    ) -> impl Iterator<Item = Result<csv::StringRecord>> + '_ {
        reader.into_records().map(move |r| {
            r.map_err(|e| {
                let line = e.position().map(|p| p.line() as usize);
                let what = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("the row has {len} fields but the header has {expected_len}"),
                    _ => format!("damaged row: {e}"),
                };
                Error::input(what).in_file(&self.path).at_line(line)
            })
        })
    }
}
