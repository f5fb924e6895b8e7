//! The shape of a TOML text, checked before it is parsed: how deep its tables and lists nest
//! and how long its lists are. Parsing builds the whole document in memory, and a parser
//! recurses per level, so a list of millions of values or a header thousands of keys deep
//! would cost gigabytes or end in "recursion limit" with no line. This pass reads the text's
//! tokens once, keeps nothing but a stack of open lists and tables, and refuses such a text
//! with its line, key and a hint. It never refuses what it cannot read: a malformed text is
//! left to the parser, which says where.

use toml_parser::lexer::TokenKind;

/// Most entries one list may hold: a sweep axis has at most this many values, and no other
/// list in a config comes near it.
pub const MAX_LIST_ITEMS: usize = 100_000;

/// Deepest a value may sit: table header keys, dotted key parts, lists and inline tables
/// together (the bundled configs go 6 deep).
pub const MAX_DEPTH: usize = 32;

/// Why a text's shape is refused: the byte offset where, the dotted key (as far as known),
/// what is wrong and a hint.
#[derive(Debug, PartialEq)]
pub struct ShapeError {
    /// Byte offset in the text.
    pub offset: usize,
    /// Dotted key of the value (as written, quotes removed).
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// An open list or inline table.
struct Open {
    list: bool,
    /// Depth of the values inside it.
    depth: usize,
    /// Entries so far (lists).
    items: usize,
    /// Expecting a list entry (after `[` or `,`).
    awaiting: bool,
    /// Key parts of the inline-table key being read, and whether a key is being read.
    key_parts: usize,
    in_key: bool,
    /// Dotted key of the container, for messages.
    key: String,
    start: usize,
}

/// Where the reader is outside any list or inline table.
#[derive(Clone, Copy, PartialEq)]
enum Line {
    Start,
    Header,
    Key,
    Value,
    Rest,
}

/// Checks the shape of `text` (see the module documentation).
pub fn check(text: &str) -> Result<(), ShapeError> {
    let source = toml_parser::Source::new(text);
    let mut line = Line::Start;
    let mut table: Vec<String> = Vec::new();
    let mut key: Vec<String> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let raw = |span: toml_parser::Span| -> String {
        let s = &text[span.start()..span.end()];
        s.trim_matches(|c| c == '"' || c == '\'').to_string()
    };
    let too_deep = |offset: usize, key: String| ShapeError {
        offset,
        key,
        message: format!(
            "the value is nested more than {MAX_DEPTH} levels deep (table headers, dotted keys, lists and inline tables together)"
        ),
        hint:
            "negsim's configs nest a few levels: check for a runaway header or a list inside a list"
                .into(),
    };
    for token in source.lex() {
        let kind = token.kind();
        let span = token.span();
        if matches!(
            kind,
            TokenKind::Whitespace | TokenKind::Comment | TokenKind::Eof
        ) {
            continue;
        }
        let value_start = matches!(
            kind,
            TokenKind::Atom
                | TokenKind::BasicString
                | TokenKind::LiteralString
                | TokenKind::MlBasicString
                | TokenKind::MlLiteralString
                | TokenKind::LeftSquareBracket
                | TokenKind::LeftCurlyBracket
        );
        if let Some(top) = open.last_mut() {
            if top.list {
                if kind == TokenKind::Newline {
                    continue;
                }
                if top.awaiting && value_start {
                    top.items += 1;
                    top.awaiting = false;
                    if top.items > MAX_LIST_ITEMS {
                        let sweep = top.key.starts_with("sweep.");
                        return Err(ShapeError {
                            offset: top.start,
                            key: top.key.clone(),
                            message: format!(
                                "the list has more than {MAX_LIST_ITEMS} values; at most {MAX_LIST_ITEMS} are allowed"
                            ),
                            hint: if sweep {
                                "a sweep axis has at most 100000 values: use a range { start, stop, step } with a larger step, or split the sweep over several experiments".into()
                            } else {
                                "shorten the list".into()
                            },
                        });
                    }
                }
                match kind {
                    TokenKind::Comma => top.awaiting = true,
                    TokenKind::RightSquareBracket => {
                        open.pop();
                        after_close(&mut open, &mut line);
                    }
                    TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                        let depth = top.depth + 1;
                        let key = top.key.clone();
                        if depth > MAX_DEPTH {
                            return Err(too_deep(span.start(), key));
                        }
                        open.push(container(kind, depth, key, span.start()));
                    }
                    _ => {}
                }
            } else {
                // An inline table: key = value, key = value.
                match kind {
                    TokenKind::Comma => {
                        top.in_key = true;
                        top.key_parts = 0;
                    }
                    TokenKind::RightCurlyBracket => {
                        open.pop();
                        after_close(&mut open, &mut line);
                    }
                    TokenKind::Dot if top.in_key => {}
                    TokenKind::Equals => top.in_key = false,
                    TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket if !top.in_key => {
                        let depth = top.depth + top.key_parts;
                        let key = top.key.clone();
                        if depth > MAX_DEPTH {
                            return Err(too_deep(span.start(), key));
                        }
                        open.push(container(kind, depth, key, span.start()));
                    }
                    _ if top.in_key && value_start => {
                        top.key_parts += 1;
                        if top.depth + top.key_parts > MAX_DEPTH {
                            let key = top.key.clone();
                            return Err(too_deep(span.start(), key));
                        }
                    }
                    _ => {}
                }
            }
            continue;
        }
        match (line, kind) {
            (_, TokenKind::Newline) => line = Line::Start,
            (Line::Start, TokenKind::LeftSquareBracket) => {
                line = Line::Header;
                table.clear();
            }
            (Line::Start, _) => {
                line = Line::Key;
                key.clear();
                key.push(raw(span));
            }
            (Line::Header, TokenKind::LeftSquareBracket | TokenKind::Dot) => {}
            (Line::Header, TokenKind::RightSquareBracket) => line = Line::Rest,
            (Line::Header, _) => {
                table.push(raw(span));
                if table.len() > MAX_DEPTH {
                    return Err(too_deep(span.start(), table.join(".")));
                }
            }
            (Line::Key, TokenKind::Dot) => {}
            (Line::Key, TokenKind::Equals) => line = Line::Value,
            (Line::Key, _) => {
                key.push(raw(span));
                if table.len() + key.len() > MAX_DEPTH {
                    return Err(too_deep(span.start(), full_key(&table, &key)));
                }
            }
            (Line::Value, TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket) => {
                let depth = table.len() + key.len() + 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(span.start(), full_key(&table, &key)));
                }
                open.push(container(kind, depth, full_key(&table, &key), span.start()));
            }
            (Line::Value, _) => line = Line::Rest,
            _ => {}
        }
    }
    Ok(())
}

/// A list or inline table opened by `kind` at `start`.
fn container(kind: TokenKind, depth: usize, key: String, start: usize) -> Open {
    let list = kind == TokenKind::LeftSquareBracket;
    Open {
        list,
        depth,
        items: 0,
        awaiting: list,
        key_parts: 0,
        in_key: !list,
        key,
        start,
    }
}

/// After a list or inline table closes: back in the one around it, or at the end of a line.
fn after_close(open: &mut [Open], line: &mut Line) {
    match open.last_mut() {
        Some(outer) if !outer.list => outer.in_key = false,
        Some(_) => {}
        None => *line = Line::Rest,
    }
}

fn full_key(table: &[String], key: &[String]) -> String {
    table
        .iter()
        .chain(key)
        .cloned()
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_configs_pass() {
        for text in [
            "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[sweep]\ndeadline = [10, 20, [1, 2]]\n\"traits.openness.mean\" = { start = 0.0, stop = 1.0, step = 0.25 }\n",
            "[[condition]]\nname = \"a\"\norganisation.training = { share = 0.5, timing = { start = 1, every = 2 } }\n",
            "a = [\n  1,\n  2, # two\n  3,\n]\nb = { c = [ { d = 1 } ] }\n",
            "broken = [1, 2\n[x\n", // malformed: the parser reports it
        ] {
            assert_eq!(check(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn a_list_is_counted_exactly() {
        let list = |n: usize, trailing: &str| {
            let values: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            format!("[sweep]\ndeadline = [{}{trailing}]\n", values.join(", "))
        };
        assert!(check(&list(MAX_LIST_ITEMS, ",")).is_ok());
        assert!(check(&list(MAX_LIST_ITEMS, "")).is_ok());
        let e = check(&list(MAX_LIST_ITEMS + 1, "")).unwrap_err();
        assert_eq!(e.key, "sweep.deadline");
        assert_eq!(e.offset, 19);
        assert!(e.hint.contains("a sweep axis"), "{}", e.hint);
    }

    #[test]
    fn deep_headers_keys_and_values_are_refused_with_their_key() {
        let header = format!("[{}]\n", vec!["a"; 50_000].join("."));
        let e = check(&header).unwrap_err();
        assert!(e.message.contains("nested more than 32"), "{}", e.message);
        assert_eq!(e.key.split('.').count(), MAX_DEPTH + 1);
        let dotted = format!("[t]\n{} = 1\n", vec!["k"; 40].join("."));
        assert!(check(&dotted).is_err());
        let lists = format!("x = {}{}\n", "[".repeat(40), "]".repeat(40));
        assert_eq!(check(&lists).unwrap_err().key, "x");
        let inline = format!("y = {}1{}\n", "{ a = ".repeat(40), " }".repeat(40));
        assert!(check(&inline).is_err());
        let fine = format!("y = {}1{}\n", "{ a = ".repeat(20), " }".repeat(20));
        assert!(check(&fine).is_ok());
    }
}
