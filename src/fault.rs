//! What is wrong with a value in a config file, in parts. An [`Error`](crate::error::Error)'s
//! message and hint say it in English; its [`Fault`] lets a command that speaks another
//! language (the teaching commands speak Dutch to a Dutch class) say the same in its own
//! words, without reading the English back.

/// What is wrong, in parts.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// The text is not TOML: the parser's own (English) words, and the common slip they name,
    /// if they name one.
    Syntax {
        /// The slip, when the parser's words are those of a common one.
        slip: Option<Slip>,
        /// The parser's words.
        said: String,
    },
    /// A key the table does not have.
    UnknownKey {
        /// The key as written.
        name: String,
        /// The keys the table has.
        known: Vec<String>,
    },
    /// Text that is none of the names the value may take (`decision_rule = "consensus"`).
    UnknownName {
        /// The name as written.
        name: String,
        /// The names it may take.
        known: Vec<String>,
    },
    /// A name from a fixed list written as something other than text (`decision_rule = 3`).
    NameNotText {
        /// The value as written.
        found: String,
        /// The names it may take.
        known: Vec<String>,
    },
    /// A value of the wrong type.
    WrongType {
        /// What was written.
        found: Written,
        /// What belongs there.
        expected: Expected,
    },
    /// A key the table needs and the file does not set.
    Missing {
        /// The key.
        name: String,
    },
    /// A key or table set twice.
    Twice {
        /// The key or table as written.
        name: String,
    },
    /// A number outside 0 to 1 where a fraction belongs.
    NotAFraction {
        /// The number written.
        found: f64,
        /// Which of a case's numbers it is, where what 0 and 1 mean for it says more than "a
        /// fraction" (utilities and world values).
        number: Option<CaseNumber>,
    },
    /// A number outside the range of its quantity (a weight, a spread, a discount factor).
    OutOfRange {
        /// What the number is; it sets the range.
        quantity: Quantity,
        /// The number written.
        found: f64,
    },
    /// A key or name that cannot name its thing: empty, read as a formula by a spreadsheet,
    /// or holding a character that ends it where it is written.
    BadName {
        /// Whose key or name it is.
        named: Named,
        /// The key or name as written.
        name: String,
        /// What is wrong with it.
        problem: NameProblem,
    },
    /// Two issues, two options of an issue or two stakeholders with the same key.
    KeyTwice {
        /// Whose key it is.
        named: Named,
        /// The key.
        key: String,
    },
    /// Fewer of something than a case needs.
    TooFew {
        /// What is counted.
        counted: Counted,
        /// How many there are.
        found: usize,
        /// How many are needed at least.
        least: usize,
    },
    /// More of something than a case may have.
    TooMany {
        /// What is counted.
        counted: Counted,
        /// How many there are.
        found: usize,
        /// How many it may have at most.
        most: usize,
    },
    /// A stakeholder's values for an issue that are not one per option.
    ValueCount {
        /// The issue's key.
        issue: String,
        /// How many options the issue has.
        options: usize,
        /// How many values are given.
        values: usize,
    },
    /// A stakeholder without a weight or without values for an issue.
    NotGiven {
        /// The stakeholder's key.
        stakeholder: String,
        /// The issue's key.
        issue: String,
        /// What is not given.
        interest: Interest,
    },
    /// A weight or values for an issue the case does not have.
    UnknownIssue {
        /// The issue key as written.
        name: String,
        /// The case's issue keys.
        known: Vec<String>,
    },
    /// Weights that add up to nothing, or to more than the largest number there is.
    WeightTotal {
        /// The stakeholder whose weights they are; `None` for the world weights.
        stakeholder: Option<String>,
        /// What the total is.
        total: Total,
    },
    /// Empty words for asking more or less of an issue (`comparative`).
    EmptyComparative {
        /// The issue's key.
        issue: String,
        /// Whether they are the words for more (else for less).
        more: bool,
        /// The language of the empty words, as its key names it (`en`, `nl`).
        lang: String,
    },
    /// A tactic a culture names that is neither built in nor registered.
    UnknownTactic {
        /// The name as written.
        name: String,
        /// The tactics there are.
        known: Vec<String>,
    },
    /// A config file of another kind than the one asked for (a case given as a culture).
    WrongKind {
        /// The kind the file is.
        found: ConfigKind,
        /// The kind asked for.
        expected: ConfigKind,
    },
    /// The operating system refused to read or write a file: its kind of error, and its own
    /// (English) words.
    System {
        /// What kind of error the system gave.
        kind: std::io::ErrorKind,
        /// The system's words.
        said: String,
    },
    /// A config file's path names something that is not a file (a folder, a named pipe, a
    /// device): negsim refuses it without reading or waiting on it.
    NotAFile {
        /// The path as given.
        path: String,
        /// What it names.
        found: PathKind,
    },
    /// A config file larger than negsim reads.
    TooLarge {
        /// The path as given.
        path: String,
        /// Its size in bytes.
        size: u64,
        /// The largest size negsim reads, in MiB.
        limit_mib: u64,
    },
    /// A config file that is not UTF-8 text (saved in another encoding, or not text at all).
    NotText {
        /// The path as given.
        path: String,
    },
}

impl Fault {
    /// The operating system's refusal `err`, as a [`Fault::System`].
    pub fn system(err: &std::io::Error) -> Fault {
        Fault::System {
            kind: err.kind(),
            said: err.to_string(),
        }
    }
}

/// What a path names when it is not a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// A folder.
    Folder,
    /// A named pipe (FIFO).
    NamedPipe,
    /// A character or block device, such as `/dev/zero`.
    Device,
    /// A socket.
    Socket,
    /// A symbolic link (one that cannot be followed).
    Link,
    /// A regular file.
    File,
    /// Anything else.
    Other,
}

impl PathKind {
    /// In English, with its article: "a named pipe".
    pub fn words(self) -> &'static str {
        match self {
            PathKind::Folder => "a folder",
            PathKind::NamedPipe => "a named pipe",
            PathKind::Device => "a device",
            PathKind::Socket => "a socket",
            PathKind::Link => "a symbolic link",
            PathKind::File => "a file",
            PathKind::Other => "something other than a file",
        }
    }
}

/// A number with a range of its own (other than 0 to 1), in a case or culture file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// An issue's weight in the world value: finite, 0 or more.
    WorldWeight,
    /// A stakeholder's weight for an issue: finite, 0 or more.
    Weight,
    /// The spread of a trait in a culture: finite, 0 or more.
    Spread,
    /// A stakeholder's discount factor: above 0, at most 1.
    DiscountFactor,
}

/// Whose key or name it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named {
    /// An issue's key.
    Issue,
    /// The key of an option of `issue`.
    Option {
        /// The issue's key.
        issue: String,
    },
    /// A stakeholder's key.
    Stakeholder,
    /// The name a case file gives its case.
    Case,
    /// The name a culture file gives its culture.
    Culture,
}

/// What is wrong with a key or name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// It is empty (or only spaces).
    Empty,
    /// It starts with this character, which a spreadsheet reads as the start of a formula.
    Formula(char),
    /// It holds a separator: `=` or `;` in an issue or option key (they write packages), `=`
    /// in a stakeholder key (it ends the name in `--set KEY.trait=VALUE`).
    Separator,
}

/// What a case has too few or too many of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Counted {
    /// Issues.
    Issues,
    /// Options of an issue.
    Options {
        /// The issue's key.
        issue: String,
    },
    /// Options of an issue that are not hidden.
    VisibleOptions {
        /// The issue's key.
        issue: String,
    },
    /// Stakeholders.
    Stakeholders,
}

/// What a stakeholder gives for each issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interest {
    /// Its weight.
    Weight,
    /// Its values, one per option.
    Values,
}

/// What weights add up to, when they cannot be normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    /// Zero: every weight is 0.
    Zero,
    /// More than the largest number there is.
    Overflow,
}

/// A number of a case that runs from 0 to 1, each with its own meaning of 0 and 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseNumber {
    /// An option's world value (and the world value without agreement).
    WorldValue,
    /// The world value a package needs to be good for the world around.
    WorldThreshold,
    /// A stakeholder's BATNA, on its own utility scale.
    Batna,
    /// How much a stakeholder wants an option.
    OptionValue,
}

/// What kind of config file a file is: the experiment layer judges it from the file's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigKind {
    /// An experiment file.
    Experiment,
    /// A case file.
    Case,
    /// A culture file.
    Culture,
}

/// A value as written, by its type (serde's "unexpected" words).
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    /// Text, without its quotes.
    Text(String),
    /// A whole number, as written.
    Integer(String),
    /// A number with a decimal point, as written.
    Decimal(String),
    /// `true` or `false`.
    Boolean(String),
    /// A list.
    List,
    /// A table.
    Table,
    /// Anything else: serde's words.
    Other(String),
}

impl Written {
    /// The value serde's error describes (`string "12"`, ``integer `5` ``, `sequence`).
    pub fn from_serde(words: &str) -> Written {
        let quoted = |prefix: &str, open: char, close: char| -> Option<String> {
            let rest = words.strip_prefix(prefix)?.strip_prefix(open)?;
            rest.rsplit_once(close).map(|(v, _)| v.to_string())
        };
        if let Some(v) = quoted("string ", '"', '"') {
            Written::Text(v)
        } else if let Some(v) = quoted("integer ", '`', '`') {
            Written::Integer(v)
        } else if let Some(v) = quoted("floating point ", '`', '`') {
            Written::Decimal(v)
        } else if let Some(v) = quoted("boolean ", '`', '`') {
            Written::Boolean(v)
        } else if words == "sequence" {
            Written::List
        } else if words == "map" {
            Written::Table
        } else {
            Written::Other(words.to_string())
        }
    }
}

/// What belongs where a value of the wrong type was written.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// A number.
    Number,
    /// A whole number, of 0 or more when `unsigned`, at most `most` when bounded.
    Whole {
        /// Whether it is 0 or more.
        unsigned: bool,
        /// The largest it may be.
        most: Option<u64>,
    },
    /// `true` or `false`.
    Boolean,
    /// Text.
    Text,
    /// A table of keys and values.
    Table,
    /// A label: text, or a table with the text in each language.
    Label,
    /// Anything else: serde's words.
    Other(String),
}

impl Expected {
    /// What serde's error says it expected (`f64`, `u32`, `a boolean`, `struct Norms`).
    pub fn from_serde(words: &str) -> Expected {
        let whole = |unsigned, most| Expected::Whole { unsigned, most };
        match words {
            "f64" => Expected::Number,
            "u8" => whole(true, Some(u8::MAX.into())),
            "u16" => whole(true, Some(u16::MAX.into())),
            "u32" => whole(true, Some(u32::MAX.into())),
            "u64" | "usize" => whole(true, None),
            "i64" => whole(false, None),
            "a boolean" => Expected::Boolean,
            "a string" => Expected::Text,
            w if w.starts_with("struct ") => Expected::Table,
            // What a label's reader says it expects (model::label).
            w if w.starts_with("a string, or a table { en = ") => Expected::Label,
            w => Expected::Other(w.to_string()),
        }
    }
}

/// A slip people make in TOML that the parser names in words of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slip {
    /// Text without quotes (or a second value after a key's first).
    Unquoted,
    /// A key without `= value`.
    NoValue,
    /// A table header without its `]`.
    UnclosedTable,
    /// A list without its `]`.
    UnclosedList,
    /// Text without its closing quote.
    UnclosedText,
    /// A `_` in a number that is not between digits.
    Underscore,
    /// Something after a value on its line: a decimal comma (`0,35`) most often.
    Trailing,
    /// A whole number with a leading zero (`07`).
    LeadingZero,
    /// A `\` in text that starts no escape (`"C:\cases"`).
    Escape,
}

impl Slip {
    /// Every slip, in the order their words are looked for.
    pub const ALL: [Slip; 9] = [
        Slip::Unquoted,
        Slip::NoValue,
        Slip::UnclosedTable,
        Slip::UnclosedList,
        Slip::UnclosedText,
        Slip::Underscore,
        Slip::Trailing,
        Slip::LeadingZero,
        Slip::Escape,
    ];

    /// The slip the parser's words name, if any.
    pub fn of(said: &str) -> Option<Slip> {
        Slip::ALL.into_iter().find(|s| said.contains(s.words()))
    }

    /// The parser's words for it.
    fn words(self) -> &'static str {
        match self {
            Slip::Unquoted => "string values must be quoted",
            Slip::NoValue => "key with no value",
            Slip::UnclosedTable => "unclosed table",
            Slip::UnclosedList => "unclosed array",
            Slip::UnclosedText => "invalid basic string",
            Slip::Underscore => "may only go between digits",
            Slip::Trailing => "unexpected key or value, expected newline",
            Slip::LeadingZero => "unexpected leading zero",
            Slip::Escape => "missing escaped value",
        }
    }

    /// How to fix it, in English.
    pub fn hint(self) -> &'static str {
        match self {
            Slip::Unquoted => {
                "text goes in double quotes (name = \"my-experiment\"); numbers, true and false go without, and a key takes one value"
            }
            Slip::NoValue => "write key = value, one per line",
            Slip::UnclosedTable => "close the table header on the same line, e.g. [experiment]",
            Slip::UnclosedList => "close the list with ], e.g. values = [1, 2, 3]",
            Slip::UnclosedText => "close the text with a double quote on the same line",
            Slip::Underscore => "write numbers in digits; `_` may group them (100_000)",
            Slip::Trailing => {
                "one value per line; a number with decimals takes a point: 0.35, not 0,35"
            }
            Slip::LeadingZero => "write whole numbers without a leading zero: 7, not 07",
            Slip::Escape => {
                "a \\ in text starts an escape: write \\\\ for a backslash, or put the text in single quotes"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_words_are_read_into_parts() {
        assert_eq!(
            Written::from_serde("string \"0.5\""),
            Written::Text("0.5".into())
        );
        assert_eq!(
            Written::from_serde("floating point `0.4`"),
            Written::Decimal("0.4".into())
        );
        assert_eq!(Written::from_serde("sequence"), Written::List);
        assert_eq!(
            Expected::from_serde("u8"),
            Expected::Whole {
                unsigned: true,
                most: Some(255)
            }
        );
        assert_eq!(Expected::from_serde("struct Norms"), Expected::Table);
        assert_eq!(
            Slip::of("unclosed table, expected `]`"),
            Some(Slip::UnclosedTable)
        );
        assert_eq!(Slip::of("something else"), None);
        assert_eq!(
            Slip::of("unexpected key or value, expected newline, `#`"),
            Some(Slip::Trailing)
        );
        assert_eq!(
            Expected::from_serde("a string, or a table { en = \"...\", nl = \"...\" }"),
            Expected::Label
        );
    }
}
