//! The journal's detail lines in the operator's language. The journal stores one fixed
//! English sentence per kind of entry (it is append-only and read by tools too); the timeline
//! reads each back through its pattern and says it in Chinese, codes (walk_in, resolved)
//! as their words. A line no pattern knows is shown as stored.

use crate::app::state::State;
use crate::domain::Lang;

/// The parts of `text` that fill the `{}` holes of `pattern`, or `None` if it does not fit.
fn fill<'a>(pattern: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let literals: Vec<&str> = pattern.split("{}").collect();
    let mut rest = text.strip_prefix(literals[0])?;
    let mut holes = Vec::new();
    for (i, lit) in literals.iter().enumerate().skip(1) {
        let last = i == literals.len() - 1;
        if last && lit.is_empty() {
            holes.push(rest);
            rest = "";
        } else if last {
            let at = rest.rfind(lit)?;
            if at + lit.len() != rest.len() {
                return None;
            }
            holes.push(&rest[..at]);
            rest = "";
        } else {
            let at = rest.find(lit)?;
            holes.push(&rest[..at]);
            rest = &rest[at + lit.len()..];
        }
    }
    rest.is_empty().then_some(holes)
}

fn word(s: &State, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    let text = s.t(&key);
    if text == key { code.to_string() } else { text }
}

/// One detail line as the operator reads it.
pub fn localize(s: &State, detail: &str) -> String {
    if s.lang != Lang::Zh {
        return detail.to_string();
    }
    let state = |c: &str| word(s, "detail.state", c.trim());
    type Say = fn(&State, &[&str]) -> String;
    let table: &[(&str, Say)] = &[
        (
            "channel {}; category {}; persons {} in {} batch(es); parties {}",
            |s, h| {
                format!(
                    "渠道 {}；类别 {}；{} 批 {} 人次；当事人 {}",
                    word(s, "intake.channel", h[0]),
                    h[1],
                    h[3],
                    h[2],
                    h[4].replace("applicant:", "申请人 ")
                        .replace("respondent:", "被申请人 ")
                        .replace("third_party:", "第三人 ")
                        .replace(" id ", " 身份证 ")
                        .replace(" tel ", " 电话 ")
                )
            },
        ),
        ("whistled {}, due in {} min: {}", |_, h| {
            format!("吹哨 {}，须于 {} 分钟内报到：{}", h[0], h[1], h[2])
        }),
        ("re-whistled {}, due in {} min", |_, h| {
            format!("重新吹哨 {}，须于 {} 分钟内报到", h[0], h[1])
        }),
        ("{} late by {} min: escalated to the duty leader", |_, h| {
            format!("{} 迟到 {} 分钟，已报值班领导", h[0], h[1])
        }),
        ("summons cancelled: {}", |_, h| {
            format!("取消吹哨：{}", h[0])
        }),
        ("{}: arrival window {} min", |_, h| {
            format!("{}：报到时限 {} 分钟", h[0], h[1])
        }),
        ("arrived after {} min (entered later: {})", |_, h| {
            format!("{} 分钟后报到（事后补录：{}）", h[0], h[1])
        }),
        ("arrived after {} min", |_, h| {
            format!("{} 分钟后报到", h[0])
        }),
        ("ledger: {}; next: {}", |_, h| {
            format!("进展：{}；下一步：{}", h[0], h[1])
        }),
        ("explanation to the resident: {}", |_, h| {
            format!("向当事人答复说明：{}", h[0])
        }),
        ("judicial confirmation {}", |_, h| {
            let answer = match h[0] {
                "granted" => "已确认",
                "refused" => "不予确认",
                "requested" => "已申请",
                other => other,
            };
            format!("司法确认 {answer}")
        }),
        ("linked as a repeat of {}", |_, h| {
            format!("关联为 {} 的重复访", h[0])
        }),
        ("{} called to {}", |_, h| {
            format!("{} 叫号到 {}", h[0], h[1])
        }),
        ("room {} booked, mediator {}", |_, h| {
            format!("使用 {}，调解员 {}", h[0], h[1])
        }),
        ("reservation claimed: room {} booked", |_, h| {
            format!("预约到场，使用 {}", h[0])
        }),
        ("room {} booked", |_, h| format!("使用 {}", h[0])),
        ("room {} released after {} min: {}", |_, h| {
            format!("{} 结束使用（{} 分钟）：{}", h[0], h[1], h[2])
        }),
        ("moved from {} to {}", |_, h| {
            format!("由 {} 转至 {}", h[0], h[1])
        }),
        ("room {} out of service: {}", |_, h| {
            format!("{} 停用：{}", h[0], h[1])
        }),
        ("room {} back in service", |_, h| {
            format!("{} 恢复使用", h[0])
        }),
        ("room {} reserved {}", |_, h| {
            format!("预约 {} {}", h[0], h[1])
        }),
        ("revealed party {} ({}): {}", |s, h| {
            format!(
                "查看当事人 {}（{}）完整信息：{}",
                h[0],
                word(s, "detail.role", h[1]),
                h[2]
            )
        }),
        ("{} signed in", |_, h| format!("{} 登录", h[0])),
        ("operator {} added as {}", |_, h| {
            format!("新增操作员 {}（{}）", h[0], h[1])
        }),
        (
            "operator {}: placed here with the townships below",
            |_, h| format!("操作员 {} 调入本中心（含下辖乡镇）", h[0]),
        ),
        ("operator {}: placed here", |_, h| {
            format!("操作员 {} 调入本中心", h[0])
        }),
        ("operator {}: disabled", |_, h| {
            format!("停用操作员 {}", h[0])
        }),
        ("operator {}: enabled again", |_, h| {
            format!("恢复操作员 {}", h[0])
        }),
        ("operator {}: password changed", |_, h| {
            format!("操作员 {} 修改密码", h[0])
        }),
        (
            "sign-in refused for {}: belongs to another centre",
            |_, h| format!("{} 登录被拒：属于其他中心", h[0]),
        ),
        ("policy {}: default → {}", |_, h| {
            format!("时限规则 {}：默认 → {}", h[0], h[1])
        }),
        ("policy {}: {} → {}", |_, h| {
            format!("时限规则 {}：{} → {}", h[0], h[1], h[2])
        }),
        ("follow-up by {} ({}): {}; {}", |s, h| {
            format!(
                "回访（{}，{}）：{}；{}",
                h[0],
                word(s, "follow_up.method", h[1]),
                word(s, "follow_up.satisfaction", h[2]),
                h[3]
            )
        }),
    ];
    for (pattern, say) in table {
        if let Some(holes) = fill(pattern, detail) {
            return say(s, &holes);
        }
    }
    // A state change, with or without a note: "triaged → resolved: …".
    if let Some((from, rest)) = detail.split_once(" → ") {
        let (to, note) = rest.split_once(": ").unwrap_or((rest, ""));
        let (f, t) = (state(from), state(to));
        if f != from.trim() || t != to.trim() {
            return if note.is_empty() {
                format!("{f} → {t}")
            } else {
                format!("{f} → {t}：{note}")
            };
        }
    }
    detail.to_string()
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn a_pattern_gives_back_its_holes() {
        assert_eq!(
            fill(
                "whistled {}, due in {} min: {}",
                "whistled 人社局, due in 30 min: 欠薪"
            ),
            Some(vec!["人社局", "30", "欠薪"])
        );
        assert_eq!(
            fill("arrived after {} min", "arrived after 7 min"),
            Some(vec!["7"])
        );
        assert_eq!(
            fill("arrived after {} min", "arrived after 7 min (x)"),
            None
        );
        assert_eq!(
            fill("room {} booked", "room 第一调解室 booked"),
            Some(vec!["第一调解室"])
        );
    }

    #[test]
    fn policy_and_operator_entries_read_in_chinese() {
        assert_eq!(
            fill("policy {}: {} → {}", "policy sla.reply_days: 10 → 12"),
            Some(vec!["sla.reply_days", "10", "12"])
        );
        assert_eq!(
            fill(
                "operator {}: placed here",
                "operator zhou: placed here with the townships below"
            ),
            None,
            "the longer form is its own line"
        );
    }
}
