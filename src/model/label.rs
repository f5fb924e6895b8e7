//! Human-readable labels in English and Dutch.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A language negsim speaks in narration and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Dutch (Nederlands).
    Nl,
}

impl Lang {
    /// Parses `en` or `nl`, in any case (`NL`, `Nl`: people type language codes both ways).
    pub fn parse(s: &str) -> Option<Lang> {
        if s.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if s.eq_ignore_ascii_case("nl") {
            Some(Lang::Nl)
        } else {
            None
        }
    }

    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// A number written with a point (as Rust formats it) in this language's decimal mark:
    /// `4.5` in English, `4,5` in Dutch. Numbers here have no thousands separator.
    pub fn decimal_mark(self, number: String) -> String {
        match self {
            Lang::En => number,
            Lang::Nl => number.replace('.', ","),
        }
    }
}

/// A label in English and Dutch. In a config it is either a plain string (used for both) or a
/// table `{ en = "...", nl = "..." }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct Label {
    /// English text.
    pub en: String,
    /// Dutch text.
    pub nl: String,
}

impl Label {
    /// The same text in both languages.
    pub fn plain(text: impl Into<String>) -> Label {
        let t = text.into();
        Label {
            en: t.clone(),
            nl: t,
        }
    }

    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Nl => &self.nl,
        }
    }

    /// True if both texts are empty.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.nl.is_empty()
    }

    /// The text in a language as a heading shows it, without its leading article: see
    /// [`without_article`].
    pub fn heading(&self, lang: Lang) -> &str {
        without_article(self.get(lang), lang)
    }
}

/// The definite articles a label may start with, per language.
const ARTICLES: [&[&str]; 2] = [&["the "], &["de ", "het "]];

/// A label without its leading definite article (`the`; Dutch `de`, `het`), as a heading
/// shows it: a case writes an issue's label for running text ("gives ground on the
/// timeline", "geeft toe op de startdatum"), and a heading leaves the article out
/// ("timeline: next spring", "startdatum: over een maand"). Only lower case is an article:
/// "The Hague" stays whole.
pub fn without_article(label: &str, lang: Lang) -> &str {
    let articles = match lang {
        Lang::En => ARTICLES[0],
        Lang::Nl => ARTICLES[1],
    };
    articles
        .iter()
        .find_map(|a| label.strip_prefix(a))
        .unwrap_or(label)
}

/// Text as typed, without a leading definite article of either language: a player may type
/// "the timeline" or "de startdatum" for a name that is shown without it.
pub fn without_any_article(text: &str) -> &str {
    ARTICLES
        .iter()
        .flat_map(|a| a.iter())
        .find_map(|a| text.strip_prefix(a))
        .unwrap_or(text)
}

/// A name as typed, made comparable with the names it may mean (a stakeholder, an issue, an
/// option): lower case, `-` and `_` read as spaces, without apostrophes (straight or curly,
/// as pasted from slides: "residents’ association", "residents association"), single spaces,
/// and without a leading article of either language ("the tester", "de startdatum").
pub fn as_typed(text: &str) -> String {
    let words = text
        .to_lowercase()
        .replace(['-', '_'], " ")
        .replace(['\'', '\u{2019}', '\u{2018}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    without_any_article(&words).to_string()
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        struct LabelVisitor;
        impl<'de> Visitor<'de> for LabelVisitor {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table { en = \"...\", nl = \"...\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Label, E> {
                Ok(Label::plain(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Label, A::Error> {
                let mut en: Option<String> = None;
                let mut nl: Option<String> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "en" => en = Some(map.next_value()?),
                        "nl" => nl = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, &["en", "nl"])),
                    }
                }
                match (en, nl) {
                    (Some(en), Some(nl)) => Ok(Label { en, nl }),
                    (Some(en), None) => Ok(Label::plain(en)),
                    (None, Some(nl)) => Ok(Label::plain(nl)),
                    (None, None) => Err(de::Error::missing_field("en")),
                }
            }
        }
        d.deserialize_any(LabelVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_code_is_read_in_any_case() {
        for (text, lang) in [("nl", Lang::Nl), ("NL", Lang::Nl), ("Nl", Lang::Nl)] {
            assert_eq!(Lang::parse(text), Some(lang), "{text}");
        }
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(" nl"), None);
    }
}
