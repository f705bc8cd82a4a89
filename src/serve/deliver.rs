//! One delivery try of one notice by the department's channel: a WeCom or DingTalk
//! group-robot text message (DingTalk's signed URL too), a plain JSON webhook, or an SMS
//! through the configured command. Every try carries the notice's id as its idempotency key.

use crate::domain::notice::NotifyKind;
use crate::store::PendingNotice;
use std::time::Duration;

/// How a try ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Nowhere to send it: no channel, no phone, no SMS command. Final, not retried.
    Unconfigured(String),
    /// Worth trying again (until the attempts run out).
    Failed(String),
}

/// Where a notice goes, resolved by the worker (the duty leader's phone from the roster).
pub struct Route<'a> {
    pub kind: NotifyKind,
    pub target: Option<&'a str>,
    pub secret: Option<&'a str>,
}

/// Adds DingTalk's signature (加签) to a robot URL: HMAC-SHA256 of "{timestamp}\n{secret}"
/// keyed by the secret, base64, URL-encoded.
pub fn dingtalk_signed_url(url: &str, secret: &str, timestamp_ms: i64) -> String {
    use base64::Engine as _;
    use hmac::Mac as _;
    let mut mac = <hmac::Hmac<sha2::Sha256>>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    let sign = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let sign = sign
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}timestamp={timestamp_ms}&sign={sign}")
}

/// The request body for a channel.
pub fn body(kind: NotifyKind, notice: &PendingNotice) -> serde_json::Value {
    match kind {
        NotifyKind::Json => serde_json::json!({
            "idempotency_key": notice.id.to_string(),
            "kind": notice.kind,
            "summons_id": notice.summons_id.to_string(),
            "created_at": notice.created_at.to_rfc3339(),
            "text": notice.body,
        }),
        _ => serde_json::json!({ "msgtype": "text", "text": { "content": notice.body } }),
    }
}

/// Tries once to deliver `notice` by `route`.
pub async fn deliver(
    client: &reqwest::Client,
    notice: &PendingNotice,
    route: Route<'_>,
    sms_command: Option<&str>,
    now_ms: i64,
) -> Delivery {
    match route.kind {
        NotifyKind::None => Delivery::Unconfigured("no channel configured".into()),
        NotifyKind::Sms => {
            let Some(phone) = route.target.filter(|p| !p.trim().is_empty()) else {
                return Delivery::Unconfigured("no phone number".into());
            };
            let Some(command) = sms_command else {
                return Delivery::Unconfigured("no [notify] sms_command".into());
            };
            sms(command, phone, notice).await
        }
        kind => {
            let Some(url) = route.target.filter(|u| !u.trim().is_empty()) else {
                return Delivery::Unconfigured("no webhook URL".into());
            };
            let url = match (kind, route.secret) {
                (NotifyKind::Dingtalk, Some(secret)) => dingtalk_signed_url(url, secret, now_ms),
                _ => url.to_string(),
            };
            webhook(client, &url, kind, notice).await
        }
    }
}

async fn webhook(
    client: &reqwest::Client,
    url: &str,
    kind: NotifyKind,
    notice: &PendingNotice,
) -> Delivery {
    let res = client
        .post(url)
        .header("Idempotency-Key", notice.id.to_string())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body(kind, notice).to_string())
        .send()
        .await;
    let res = match res {
        Ok(r) => r,
        // The error's text can carry the URL, whose query holds the robot's key.
        Err(e) if e.is_timeout() => return Delivery::Failed("timed out".into()),
        Err(e) if e.is_connect() => return Delivery::Failed("cannot connect".into()),
        Err(_) => return Delivery::Failed("request failed".into()),
    };
    let status = res.status();
    if !status.is_success() {
        return Delivery::Failed(format!("HTTP {}", status.as_u16()));
    }
    // The group robots answer 200 with their own error code.
    if matches!(kind, NotifyKind::Wecom | NotifyKind::Dingtalk) {
        let text = res.text().await.unwrap_or_default();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
            && let Some(code) = v.get("errcode").and_then(|c| c.as_i64())
            && code != 0
        {
            let msg = v.get("errmsg").and_then(|m| m.as_str()).unwrap_or("");
            let msg: String = msg.chars().take(120).collect();
            return Delivery::Failed(format!("errcode {code}: {msg}"));
        }
    }
    Delivery::Sent
}

async fn sms(command: &str, phone: &str, notice: &PendingNotice) -> Delivery {
    use tokio::io::AsyncWriteExt as _;
    let child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("yidi-sms")
        .arg(phone)
        .env("YIDI_IDEMPOTENCY_KEY", notice.id.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Delivery::Failed(format!("cannot run the SMS command: {e}")),
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(notice.body.as_bytes()).await;
    }
    match tokio::time::timeout(Duration::from_secs(30), child.wait_with_output()).await {
        Ok(Ok(out)) if out.status.success() => Delivery::Sent,
        Ok(Ok(out)) => {
            let err = String::from_utf8_lossy(&out.stderr);
            let err: String = err.trim().chars().take(120).collect();
            Delivery::Failed(format!("SMS command: {} {err}", out.status))
        }
        Ok(Err(e)) => Delivery::Failed(format!("SMS command: {e}")),
        Err(_) => Delivery::Failed("SMS command timed out".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dingtalk_url_is_signed_with_the_timestamp_and_an_encoded_hmac() {
        let url = dingtalk_signed_url(
            "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "SECxyz",
            1_700_000_000_000,
        );
        assert!(url.starts_with(
            "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign="
        ));
        let sign = url.rsplit("sign=").next().unwrap();
        assert!(!sign.contains(['+', '/', '=']), "{sign}");
        // HMAC-SHA256 is 32 bytes: 44 base64 characters, the last '=' encoded.
        assert!(sign.ends_with("%3D"), "{sign}");
        assert_ne!(
            url,
            dingtalk_signed_url("https://x/?a=1", "SECxyz", 1_700_000_000_001)
        );
    }
}
