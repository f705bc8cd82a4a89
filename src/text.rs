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
