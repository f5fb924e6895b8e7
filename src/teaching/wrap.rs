//! Text wrapped for a terminal, shared by `negsim demo` and `negsim play`: between words only,
//! never inside one, and never between an amount and its currency sign.

/// Text wrapped between words to `width` columns, line by line (a word longer than the width
/// stands on a line of its own, unbroken). A line's continuations are indented under its text,
/// or under the text of a list item (`- `). A two-column line (`  pass     keep your last
/// proposal ...`, as in `negsim play`'s help) continues under its second column where that
/// column keeps [`MIN_SECOND_COLUMN`] columns for its text; narrower, its first column stands
/// on a line of its own and the second follows, indented.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    text.split('\n')
        .flat_map(|line| wrap_line(line, width))
        .collect()
}

/// The fewest columns a second column keeps for its text when its continuations stand under
/// it; with fewer the first column stands on a line of its own and the second below it.
pub const MIN_SECOND_COLUMN: usize = 24;

/// One line (no line breaks) wrapped as [`wrap`] says.
fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let text = line.trim_start_matches(' ');
    let indent = &line[..line.len() - text.len()];
    let subsequent = match second_column(line) {
        Some(column) if column + MIN_SECOND_COLUMN <= width => " ".repeat(column),
        Some(column) => {
            let byte = line
                .char_indices()
                .nth(column)
                .map_or(line.len(), |(b, _)| b);
            let (first, second) = (line[..byte].trim_end(), &line[byte..]);
            let under = format!("{indent}    ");
            let mut lines = wrap_words(first.trim_start(), width, indent, &under, with_amount);
            lines.extend(wrap_words(second, width, &under, &under, with_amount));
            return lines;
        }
        None => {
            let hang = if text.starts_with("- ") || text.starts_with("* ") || !indent.is_empty() {
                "  "
            } else {
                ""
            };
            format!("{indent}{hang}")
        }
    };
    let wrapped = wrap_words(text, width, indent, &subsequent, with_amount);
    if wrapped.is_empty() {
        vec![String::new()]
    } else {
        wrapped
    }
}

/// Whether two neighbouring words stay on one line: an amount with its currency sign
/// ("€ 6.000" in Dutch).
fn with_amount(before: &str, _word: &str) -> bool {
    before.ends_with('€')
}

/// The column where a two-column line's second column starts: after the first gap of three or
/// more spaces within its text, if text follows it.
fn second_column(line: &str) -> Option<usize> {
    let start = line.len() - line.trim_start_matches(' ').len();
    let gap = start + line[start..].find("   ")?;
    let second = line[gap..].trim_start_matches(' ');
    if second.is_empty() {
        return None;
    }
    Some(line[..line.len() - second.len()].chars().count())
}

/// `text` wrapped between words to `width` columns (a word longer than the width stands on a
/// line of its own, unbroken), the first line indented by `initial` and the others by
/// `subsequent`; two neighbouring words for which `together(before, word)` holds stay on one
/// line.
pub fn wrap_words(
    text: &str,
    width: usize,
    initial: &str,
    subsequent: &str,
    together: impl Fn(&str, &str) -> bool,
) -> Vec<String> {
    // Words kept together are joined by a no-break space, which textwrap does not break at.
    let mut joined = String::with_capacity(text.len());
    let mut before = None;
    for word in text.split(' ') {
        if let Some(before) = before {
            joined.push(if together(before, word) {
                '\u{a0}'
            } else {
                ' '
            });
        }
        joined.push_str(word);
        before = Some(word);
    }
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(initial)
        .subsequent_indent(subsequent)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&joined, options)
        .into_iter()
        .map(|line| line.replace('\u{a0}', " "))
        .collect()
}

/// The narrowest width text is wrapped to: the narration's longest words (a Dutch
/// "verhuisvergoeding", a name with its number) stay whole, and a two-column line can still
/// stand its second column below its first.
pub const NARROWEST: usize = 20;

/// The columns to wrap to: `asked` (`--width`; 0: none), else the terminal's width (textwrap
/// asks the terminal, 80 when it cannot tell; no fewer than [`NARROWEST`]), or 80 when the
/// output is not a terminal.
pub fn columns(asked: Option<usize>, terminal: bool) -> Option<usize> {
    match asked {
        Some(0) => None,
        Some(w) => Some(w),
        None if terminal => Some(textwrap::termwidth().max(NARROWEST)),
        None => Some(80),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_column_line_continues_under_its_second_column() {
        let line = "  pass        before proposals: keep your last proposal on the table";
        assert_eq!(
            wrap(line, 50),
            [
                "  pass        before proposals: keep your last",
                "              proposal on the table",
            ]
        );
        // Too narrow to keep 24 columns for the second column: the first column on a line of
        // its own, the second below it.
        assert_eq!(
            wrap(line, 30),
            [
                "  pass",
                "      before proposals: keep",
                "      your last proposal on",
                "      the table",
            ]
        );
        // Columns are counted in characters, not bytes.
        assert_eq!(second_column("  één   twee"), Some(8));
        assert_eq!(second_column("  one two"), None);
        assert_eq!(second_column("  one   "), None);
    }

    #[test]
    fn each_line_of_a_text_is_wrapped_on_its_own() {
        assert_eq!(
            wrap("Commands:\n  - disclose an issue to the others", 20),
            [
                "Commands:",
                "  - disclose an",
                "    issue to the",
                "    others",
            ]
        );
        assert_eq!(wrap("a\n\nb", 20), ["a", "", "b"]);
        // A list item, and a plain line, as before.
        assert_eq!(
            wrap("- one two three four", 10),
            ["- one two", "  three", "  four"]
        );
        assert_eq!(wrap("one two three four", 10), ["one two", "three four"]);
        // An amount stays with its currency sign.
        assert_eq!(wrap("een bod van € 6.000", 14), ["een bod van", "€ 6.000"]);
    }
}
