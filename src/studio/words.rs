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
    // Part of the program, not input; its tests parse it and check both languages.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teaching::catalogue::blanks;

    #[test]
    fn every_word_is_in_both_languages_with_the_same_blanks() {
        for id in words().ids() {
            let en = words().template_by_id(id, Lang::En).unwrap_or_default();
            let nl = words().template_by_id(id, Lang::Nl).unwrap_or_default();
            assert!(!en.trim().is_empty() && !nl.trim().is_empty(), "{id}");
            assert_eq!(blanks(en), blanks(nl), "{id}");
        }
    }

    /// A word nobody reads is a translation kept up for nothing: every word is named by a page
    /// or by the studio's own code, whole or by one of the prefixes the pages complete at run
    /// time.
    #[test]
    fn every_word_is_read_by_a_page_or_the_studio() {
        let readers = [
            crate::studio::assets::TRAINER,
            crate::studio::assets::PARTICIPANT,
            include_str!("assets/common.js"),
            include_str!("assets/trainer.js"),
            include_str!("assets/participant.js"),
            include_str!("debrief.rs"),
            include_str!("refused.rs"),
            include_str!("server.rs"),
            include_str!("session.rs"),
            include_str!("view.rs"),
        ]
        .concat();
        // `t("tab." + name)` and `t("demo.highlight_" + kind)` in trainer.js.
        let completed = ["tab.", "demo.highlight_"];
        let unread: Vec<&str> = words()
            .ids()
            .filter(|id| {
                !["\"", "'", "`"]
                    .iter()
                    .any(|q| readers.contains(&format!("{q}{id}{q}")))
                    && !completed.iter().any(|p| id.starts_with(p))
            })
            .collect();
        assert!(unread.is_empty(), "words nobody reads: {unread:?}");
    }
}
