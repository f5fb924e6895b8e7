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
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(indent)
        .subsequent_indent(&subsequent)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    // An amount stays on one line with its currency sign ("€ 6.000" in Dutch).
    let text = text.replace("€ ", "€\u{a0}");
    let wrapped: Vec<String> = textwrap::wrap(&text, options)
        .into_iter()
        .map(|l| l.replace('\u{a0}', " "))
        .collect();
    if wrapped.is_empty() {
        vec![String::new()]
    } else {
        wrapped
    }
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
