//! The tracking page's HTML: phone-sized, plain HTML and one style block, no script. Every
//! value is escaped here; the style block's hash is the only thing the CSP lets in.

use crate::domain::Lang;
use crate::domain::clock::TZ;
use crate::domain::tracking::{Note, StepStatus, Timeline, TrackingFacts};
use chrono::{DateTime, Utc};
use std::fmt::Write as _;

/// The page's only style; the Content-Security-Policy allows exactly this text by its hash.
pub const STYLE: &str = "\
body{margin:0;font:16px/1.5 system-ui,-apple-system,\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;color:#1b1b1b;background:#f4f5f7}\
main{max-width:30rem;margin:0 auto;padding:1rem}\
h1{font-size:1.3rem;margin:.2rem 0 .6rem}\
.no{font-size:1.1rem;margin:0 0 1rem}.no b{font-family:ui-monospace,monospace;letter-spacing:.02em}\
.next{background:#fff;border-left:4px solid #0b5cad;padding:.6rem .8rem;margin:0 0 1rem}\
.next h2{font-size:.95rem;margin:0;color:#444}.next p{margin:.2rem 0 0;font-weight:600}\
ol{list-style:none;margin:0;padding:0;background:#fff}\
li{padding:.6rem .8rem;border-bottom:1px solid #e3e5e8}\
li .m{display:inline-block;width:1.4rem;font-weight:700}\
li.done .m{color:#1a7f37}li.current{background:#fff8e1}li.current .m{color:#9a6700}\
li.pending,li.skipped{color:#6b6f76}\
li .s{float:right;font-size:.9rem}li ul{list-style:none;margin:.2rem 0 0 1.4rem;padding:0;font-size:.9rem;color:#444}\
li li{padding:.1rem 0;border:0}\
.room{background:#fff;padding:.6rem .8rem;margin:1rem 0 0}\
footer{font-size:.9rem;color:#444;margin:1rem 0}a{color:#0b5cad}\
form{background:#fff;padding:.8rem;margin:1rem 0 0}form h2{font-size:1rem;margin:0 0 .5rem}\
form label{display:block;margin:.4rem 0}textarea{width:100%;box-sizing:border-box;font:inherit}\
button{font:inherit;padding:.5rem 1.5rem;margin-top:.5rem}.err{color:#b3261e;font-weight:600}";

/// The rating form under a closed case: its one-time token, and what was typed if a first
/// try was refused.
pub struct RatingForm<'a> {
    pub form_token: &'a str,
    pub error: Option<String>,
    pub remark: &'a str,
}

/// Replaces the five characters that could end an HTML text or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn t(key: &str, lang: Lang) -> String {
    rust_i18n::t!(key, locale = lang.locale()).into_owned()
}

/// A Beijing date and time, as a resident reads it.
pub fn when(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&TZ);
    match lang {
        Lang::Zh => local.format("%-m月%-d日 %H:%M").to_string(),
        Lang::En => local.format("%-d %b %H:%M").to_string(),
    }
}

/// A deadline: one ending at midnight reads as 23:59 of its last day, as residents count.
pub fn deadline(at: DateTime<Utc>, lang: Lang) -> String {
    use chrono::Timelike as _;
    let local = at.with_timezone(&TZ);
    if local.hour() == 0 && local.minute() == 0 {
        when(at - chrono::Duration::minutes(1), lang)
    } else {
        when(at, lang)
    }
}

fn head(out: &mut String, title: &str, lang: Lang) {
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><meta name=\"robots\" content=\"noindex\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>",
        lang.locale(),
        escape(title)
    );
}

fn footer(out: &mut String, phone: Option<&str>, lang: Lang) {
    out.push_str("<footer>");
    if let Some(phone) = phone {
        let dial: String = phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        let _ = write!(
            out,
            "{} <a href=\"tel:{}\">{}</a><br>",
            escape(&t("serve.page.phone", lang)),
            escape(&dial),
            escape(phone)
        );
    }
    let _ = write!(
        out,
        "{}</footer></main></body></html>",
        escape(&t("serve.page.times", lang))
    );
}

/// The page of one case, with the rating form once it is closed and not yet rated.
pub fn case_page(
    f: &TrackingFacts,
    tl: &Timeline,
    phone: Option<&str>,
    lang: Lang,
    form: Option<RatingForm<'_>>,
) -> String {
    let mut out = String::with_capacity(4096);
    let title = t("serve.page.title", lang);
    head(&mut out, &format!("{title} {}", f.case_no), lang);
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"no\">{} <b id=\"case-no\">{}</b></p>",
        escape(&title),
        escape(&t("serve.page.case_no", lang)),
        escape(&f.case_no)
    );
    let next = match tl.next {
        Some((step, Some(by))) => format!(
            "{} · {} {}",
            t(step.key(), lang),
            t("serve.page.by", lang),
            deadline(by, lang)
        ),
        Some((step, None)) => t(step.key(), lang),
        None => t("serve.page.all_done", lang),
    };
    let _ = write!(
        out,
        "<section class=\"next\"><h2>{}</h2><p>{}</p></section><ol>",
        escape(&t("serve.page.next", lang)),
        escape(&next)
    );
    for step in &tl.steps {
        let (class, mark, word, at) = match step.status {
            StepStatus::Done(at) => ("done", "✓", "serve.status.done", Some(at)),
            StepStatus::Current => ("current", "●", "serve.status.current", None),
            StepStatus::Pending => ("pending", "○", "serve.status.pending", None),
            StepStatus::Skipped => ("skipped", "–", "serve.status.skipped", None),
        };
        let _ = write!(
            out,
            "<li class=\"{class}\"><span class=\"m\">{mark}</span><b>{}</b><span class=\"s\">{}</span>",
            escape(&t(step.kind.key(), lang)),
            escape(&match at {
                Some(at) => when(at, lang),
                None => t(word, lang),
            })
        );
        if !step.notes.is_empty() {
            out.push_str("<ul>");
            for note in &step.notes {
                let text = match note {
                    Note::Departments(names) => format!(
                        "{}{}",
                        t("serve.note.departments", lang),
                        names.join(if lang == Lang::Zh { "、" } else { ", " })
                    ),
                    Note::Arrived(d, at) => {
                        format!("{d} {} {}", t("serve.note.arrived", lang), when(*at, lang))
                    }
                    Note::Due(d, at) => {
                        format!("{d} {} {}", t("serve.note.due", lang), when(*at, lang))
                    }
                    Note::Outcome(key) => t(key, lang),
                };
                let _ = write!(out, "<li>{}</li>", escape(&text));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    if let Some(room) = &f.room {
        let key = if room.reserved {
            "serve.page.room_reserved"
        } else {
            "serve.page.room_in_session"
        };
        let _ = write!(
            out,
            "<p class=\"room\">{} <b>{}</b> · {}</p>",
            escape(&t(key, lang)),
            escape(&room.name),
            escape(&when(room.from, lang))
        );
    }
    if let Some(form) = form {
        rating_form(&mut out, &form, lang);
    }
    footer(&mut out, phone, lang);
    out
}

fn rating_form(out: &mut String, form: &RatingForm<'_>, lang: Lang) {
    let _ = write!(
        out,
        "<form method=\"post\"><h2>{}</h2>",
        escape(&t("serve.rate.question", lang))
    );
    if let Some(e) = &form.error {
        let _ = write!(out, "<p class=\"err\">{}</p>", escape(e));
    }
    for (value, key) in [
        (5, "serve.rate.satisfied"),
        (4, "serve.rate.fair"),
        (2, "serve.rate.dissatisfied"),
    ] {
        let _ = write!(
            out,
            "<label><input type=\"radio\" name=\"satisfaction\" value=\"{value}\"> {}</label>",
            escape(&t(key, lang))
        );
    }
    let _ = write!(
        out,
        "<label>{}<textarea name=\"remark\" rows=\"3\" maxlength=\"{REMARK_MAX}\">{}</textarea></label>\
         <input type=\"hidden\" name=\"form\" value=\"{}\"><button type=\"submit\">{}</button></form>",
        escape(&t("serve.rate.remark", lang)),
        escape(form.remark),
        escape(form.form_token),
        escape(&t("serve.rate.send", lang))
    );
}

/// The longest remark a resident may leave, in characters.
pub const REMARK_MAX: usize = 200;

/// The answer to a rating: thanks (and, for 不满意, that the centre will act), or that this
/// closing was rated already.
pub fn rated_page(key: &str, phone: Option<&str>, lang: Lang) -> String {
    let mut out = String::with_capacity(1024);
    head(&mut out, &t("serve.page.title", lang), lang);
    let _ = write!(out, "<h1>{}</h1>", escape(&t(key, lang)));
    footer(&mut out, phone, lang);
    out
}

/// The one page for an unknown, malformed or expired code.
pub fn not_found_page(phone: Option<&str>, lang: Lang) -> String {
    let mut out = String::with_capacity(1024);
    head(&mut out, &t("serve.page.not_found_title", lang), lang);
    let _ = write!(
        out,
        "<h1>{}</h1><p>{}</p>",
        escape(&t("serve.page.not_found_title", lang)),
        escape(&t("serve.page.not_found", lang))
    );
    footer(&mut out, phone, lang);
    out
}

/// The database cannot be read just now.
pub fn unavailable_page(phone: Option<&str>, lang: Lang) -> String {
    let mut out = String::with_capacity(1024);
    head(&mut out, &t("serve.page.unavailable", lang), lang);
    let _ = write!(
        out,
        "<h1>{}</h1>",
        escape(&t("serve.page.unavailable", lang))
    );
    footer(&mut out, phone, lang);
    out
}

/// Too many requests from one address.
pub fn slow_down_page(lang: Lang) -> String {
    let mut out = String::with_capacity(1024);
    head(&mut out, &t("serve.page.slow_down", lang), lang);
    let _ = write!(out, "<h1>{}</h1>", escape(&t("serve.page.slow_down", lang)));
    footer(&mut out, None, lang);
    out
}

/// The Content-Security-Policy: nothing but the page's own style block.
pub fn content_security_policy() -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(STYLE));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src 'none'; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'"
    )
}

/// The language a phone asks for: English when `en` ranks above any Chinese, else Chinese.
pub fn lang_of(accept_language: Option<&str>) -> Lang {
    let Some(header) = accept_language else {
        return Lang::Zh;
    };
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits
            .find_map(|b| b.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
            .unwrap_or(1.0f32);
        let lang = if tag == "en" || tag.starts_with("en-") {
            Lang::En
        } else if tag == "zh" || tag.starts_with("zh-") {
            Lang::Zh
        } else {
            continue;
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Zh, |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_leave_its_element() {
        assert_eq!(
            escape("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
    }

    #[test]
    fn english_only_when_the_phone_prefers_it() {
        assert_eq!(lang_of(None), Lang::Zh);
        assert_eq!(lang_of(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(lang_of(Some("zh-CN,zh;q=0.9,en;q=0.8")), Lang::Zh);
        assert_eq!(lang_of(Some("fr-FR, en;q=0.5")), Lang::En);
        assert_eq!(lang_of(Some("de")), Lang::Zh);
    }

    #[test]
    fn the_policy_allows_the_style_block_by_its_hash_and_nothing_else() {
        let csp = content_security_policy();
        assert!(
            csp.starts_with("default-src 'none'; style-src 'sha256-"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe"), "{csp}");
        assert!(!csp.contains("script-src"), "{csp}");
    }
}
