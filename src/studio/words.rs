//! The studio's own words (`words.toml`), in English and Dutch: the pages' labels, the
//! participants' table log and the refusals a page is told. The narration of a
//! demonstration comes from the teaching catalogue instead.

use crate::model::label::Lang;
use crate::teaching::catalogue::{Catalogue, fill};
use std::sync::OnceLock;

/// The studio's own words, embedded in the binary.
pub const WORDS_TOML: &str = include_str!("words.toml");

/// The studio's words, parsed once.
pub fn words() -> &'static Catalogue {
    static WORDS: OnceLock<Catalogue> = OnceLock::new();
    // Part of the program, not input; a test parses it and checks both languages.
    WORDS.get_or_init(|| Catalogue::parse(WORDS_TOML).expect("studio words.toml is valid"))
}

/// One of the studio's words in a language, blanks filled.
pub fn say(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    fill(words().template_by_id(id, lang).unwrap_or(id), args)
}

/// Every word in both languages, for the page: `{"en": {id: text}, "nl": {...}}`.
pub fn words_json() -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for lang in [Lang::En, Lang::Nl] {
        let map: serde_json::Map<String, serde_json::Value> = words()
            .ids()
            .map(|id| {
                let text = words().template_by_id(id, lang).unwrap_or_default();
                (id.to_string(), serde_json::Value::from(text))
            })
            .collect();
        out.insert(lang.code().to_string(), map.into());
    }
    out.into()
}
