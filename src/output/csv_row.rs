//! Building CSV rows without allocating per field.

use std::fmt::Write as _;

/// A reusable CSV row.
#[derive(Default)]
pub struct Row {
    record: csv::ByteRecord,
    buf: String,
}

impl Row {
    /// An empty row.
    pub fn new() -> Row {
        Row::default()
    }

    /// Clears the row for reuse.
    pub fn clear(&mut self) {
        self.record.clear();
    }

    /// Appends a text field.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.record.push_field(s.as_bytes());
        self
    }

    /// Appends an integer.
    pub fn int(&mut self, v: impl Into<i128>) -> &mut Self {
        self.buf.clear();
        let _ = write!(self.buf, "{}", v.into());
        self.record.push_field(self.buf.as_bytes());
        self
    }

    /// Appends a float in its shortest exact (round-trip) form; an undefined value (NaN, such
    /// as the interval of a single value) is an empty field, as pandas, R and polars read a
    /// missing number.
    pub fn num(&mut self, v: f64) -> &mut Self {
        self.buf.clear();
        if v.is_finite() {
            let _ = write!(self.buf, "{v}");
        } else if v.is_nan() {
            // Left empty.
        } else if v > 0.0 {
            self.buf.push_str("inf");
        } else {
            self.buf.push_str("-inf");
        }
        self.record.push_field(self.buf.as_bytes());
        self
    }

    /// Appends a float, or an empty field.
    pub fn opt(&mut self, v: Option<f64>) -> &mut Self {
        match v {
            Some(x) => self.num(x),
            None => self.text(""),
        }
    }

    /// Appends a boolean as `true` / `false`.
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.text(if v { "true" } else { "false" })
    }

    /// The record.
    pub fn record(&self) -> &csv::ByteRecord {
        &self.record
    }
}
