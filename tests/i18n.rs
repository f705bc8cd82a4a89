//! Chinese and English carry the same keys: no screen text exists in only one language.

#[test]
fn every_key_has_chinese_and_english_text() {
    // rust-i18n reads every file in locales/; each must carry both languages.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "yml") {
            text += &std::fs::read_to_string(&path).unwrap();
            text.push('\n');
        }
    }
    let mut keys = 0;
    let mut current: Option<(String, bool, bool)> = None;
    let check = |entry: Option<(String, bool, bool)>| {
        if let Some((key, en, zh)) = entry {
            assert!(en && zh, "{key}: en {en}, zh-CN {zh}");
        }
    };
    for line in text.lines() {
        if line.starts_with("_version") || line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            check(current.take());
            current = Some((line.trim_end_matches(':').to_string(), false, false));
            keys += 1;
        } else if let Some((_, en, zh)) = current.as_mut() {
            let l = line.trim_start();
            *en |= l.starts_with("en:") && l.len() > "en: \"\"".len();
            *zh |= l.starts_with("zh-CN:") && l.len() > "zh-CN: \"\"".len();
        }
    }
    check(current);
    assert!(keys > 100, "only {keys} keys read");
}

#[test]
fn the_interface_is_chinese_by_default() {
    // rust-i18n's own default is English; yidi's is Simplified Chinese.
    assert_eq!(yidi::domain::Lang::default().locale(), "zh-CN");
    use yidi::domain::{Field, Lang};
    assert_eq!(Field::ResidentId.label(Lang::default()), "身份证号");
    assert_eq!(Field::ResidentId.label(Lang::En), "Resident ID");
}
