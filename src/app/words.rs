//! Words stored in Chinese, shown in the operator's language: categories with their
//! sub-category (婚姻家庭/赡养 → Marriage and family / support of parents) and service window
//! names (1号窗口 → Window 1). What is stored never changes; only what is shown.

use crate::domain::Lang;

/// Words of categories and sub-categories that are not a category of their own:
/// (stored Chinese, locale key under `words.`).
const PARTS: &[(&str, &str)] = &[
    ("劳动争议", "labour"),
    ("婚姻家庭", "family"),
    ("欠薪", "unpaid_wages"),
    ("工伤", "work_injury"),
    ("赡养", "support"),
    ("继承", "inheritance"),
    ("抚养", "child_support"),
    ("离婚", "divorce"),
    ("彩礼", "bride_price"),
    ("宅基地", "homestead"),
    ("拆迁", "demolition"),
    ("邻里", "neighbours"),
    ("物业", "property_management"),
];

fn part(zh: &str, lang: Lang) -> String {
    let whole = super::intake::CATEGORIES.iter().find(|(_, c)| *c == zh);
    if let Some((key, _)) = whole {
        return rust_i18n::t!(format!("intake.category.{key}"), locale = lang.locale())
            .into_owned();
    }
    match PARTS.iter().find(|(c, _)| *c == zh) {
        Some((_, key)) => {
            rust_i18n::t!(format!("words.{key}"), locale = lang.locale()).into_owned()
        }
        None => zh.to_string(),
    }
}

/// A category as stored (Chinese, perhaps `主类/子类`), in the operator's language; a word
/// not known stays as it was written.
pub fn category(stored: &str, lang: Lang) -> String {
    let whole = part(stored, lang);
    if whole != stored || lang == Lang::Zh {
        return whole;
    }
    match stored.split_once('/') {
        Some((main, sub)) => format!("{} / {}", part(main, lang), part(sub, lang)),
        None => whole,
    }
}

/// Several categories (a mediator's specialties), each in the operator's language.
pub fn list(stored: &[String], lang: Lang) -> String {
    let words: Vec<String> = stored
        .iter()
        .map(|c| {
            let word = category(c, lang);
            let mut chars = word.chars();
            // Each one a word of its own: "Inheritance", as a category reads.
            chars.next().map_or(word.clone(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    words.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// A service window's name in the operator's language: `1号窗口` reads `Window 1` in English;
/// any other name is shown as given.
pub fn window(name: &str, lang: Lang) -> String {
    let number = name
        .strip_suffix("号窗口")
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    match (lang, number) {
        (Lang::En, Some(n)) => format!("Window {n}"),
        _ => name.to_string(),
    }
}

/// A window's name where a column is narrow: `W1` in English, the name itself in Chinese.
pub fn window_short(name: &str, lang: Lang) -> String {
    match window(name, lang).strip_prefix("Window ") {
        Some(n) => format!("W{n}"),
        None => window(name, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_categories_and_windows_read_in_english_and_stay_in_chinese() {
        assert_eq!(
            category("婚姻家庭/赡养", Lang::En),
            "Marriage and family / support of parents"
        );
        assert_eq!(
            category("婚姻家庭/继承", Lang::En),
            "Marriage and family / inheritance"
        );
        assert_eq!(category("劳动争议/欠薪", Lang::En), "Labour / unpaid wages");
        assert_eq!(category("婚姻家庭/赡养", Lang::Zh), "婚姻家庭/赡养");
        assert_eq!(
            category("某某纠纷", Lang::En),
            "某某纠纷",
            "unknown words stay"
        );
        assert_eq!(window("1号窗口", Lang::En), "Window 1");
        assert_eq!(window("12号窗口", Lang::Zh), "12号窗口");
        assert_eq!(window("W7", Lang::En), "W7");
        assert_eq!(window_short("1号窗口", Lang::En), "W1");
        let specialties = ["婚姻家庭".to_string(), "继承".to_string()];
        assert_eq!(
            list(&specialties, Lang::En),
            "Marriage and family, Inheritance"
        );
        assert_eq!(list(&specialties, Lang::Zh), "婚姻家庭、继承");
    }

    #[test]
    fn every_word_exists_in_both_languages() {
        for (_, key) in PARTS {
            for lang in ["en", "zh-CN"] {
                let k = format!("words.{key}");
                assert_ne!(rust_i18n::t!(&k, locale = lang), k, "{k} {lang}");
            }
        }
    }
}
