//! Text wrapped for a terminal, shared by `negsim demo` and `negsim play`: between words only,
//! never inside one, and never between an amount and its currency sign.

/// A line wrapped between words to `width` columns (a word longer than the width stands on a
/// line of its own, unbroken); continuations are indented under the line's text, and under
/// the text of a list item (`- `).
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    let text = line.trim_start_matches(' ');
    let indent = &line[..line.len() - text.len()];
    let hang = if text.starts_with("- ") || text.starts_with("* ") || !indent.is_empty() {
        "  "
    } else {
        ""
    };
    let subsequent = format!("{indent}{hang}");
    // An amount stays on one line with its currency sign ("€ 6.000" in Dutch).
    let wrapped = wrap_words(text, width, indent, &subsequent, |before, _| {
        before.ends_with('€')
    });
    if wrapped.is_empty() {
        vec![String::new()]
    } else {
        wrapped
    }
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

/// The columns to wrap to: `asked` (`--width`; 0: none), else the terminal's width (textwrap
/// asks the terminal, 80 when it cannot tell), or 80 when the output is not a terminal.
pub fn columns(asked: Option<usize>, terminal: bool) -> Option<usize> {
    match asked {
        Some(0) => None,
        Some(w) => Some(w),
        None if terminal => Some(textwrap::termwidth()),
        None => Some(80),
    }
}
