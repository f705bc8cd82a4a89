//! Small text helpers shared by the config, theme and calendar readers.

/// toml's errors span several lines with a source excerpt; an operator needs "line N: what".
pub fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let what = e.message().trim_end();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {what}")
        }
        None => what.to_string(),
    }
}

/// Characters that must never reach a terminal or the database from outside text: C0 and C1
/// controls (ESC starts a terminal command, BEL ends one) and the invisible bidirectional
/// overrides that reorder what a reader sees.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One line of text from a command-line argument, a config file or a form, as it may be
/// stored: every control character removed (a newline too), surrounding spaces trimmed.
pub fn clean_line(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_unsafe(c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Text as it may be printed to a terminal or a pipe: control characters removed except
/// the tab and newline that lay out tables and lines.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(|c| is_unsafe(c) && c != '\t' && c != '\n') {
        text.chars()
            .filter(|&c| !is_unsafe(c) || c == '\t' || c == '\n')
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_removed_from_stored_and_printed_text() {
        let hostile = "律师\u{1b}]0;pwned\u{7}\u{1b}[2J";
        assert_eq!(clean_line(hostile), "律师]0;pwned[2J");
        assert_eq!(printable(hostile), "律师]0;pwned[2J");
        assert_eq!(clean_line(" 张\u{202E}三\n "), "张三");
        assert_eq!(printable("a\tb\nc\u{9b}d"), "a\tb\ncd");
        assert!(matches!(
            printable("平常的 text"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
