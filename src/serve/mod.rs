//! `yidi serve`: the resident's tracking page behind the receipt's QR code (一码跟进), on
//! axum on the program's own tokio runtime, and (with `notify`) the delivery of notices to
//! departments. It shares the store and the domain; it has no console view code.

pub mod config;
pub mod deliver;
pub mod limit;
pub mod page;
pub mod run;
pub mod worker;

pub use config::{NotifyConfig, ServeConfig};

use crate::domain::{Clock, Lang};
use crate::store::Store;
use axum::Router;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::SocketAddr;
use std::sync::Arc;
use uuid::Uuid;

/// What every request needs: the database, the clock, the centre's phone, the limiter.
pub struct PageService {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub phone: Option<String>,
    pub limiter: limit::RateLimiter,
    csp: HeaderValue,
}

impl PageService {
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: &ServeConfig) -> Self {
        Self {
            store,
            clock,
            phone: config.phone.clone(),
            limiter: limit::RateLimiter::new(config.rate_per_min, config.burst),
            csp: HeaderValue::from_str(&page::content_security_policy())
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'")),
        }
    }

    fn html(&self, status: StatusCode, body: String) -> Response {
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        h.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
        res
    }

    /// The page for `token` as `lang` asks: the case's page, or the one not-found page.
    pub async fn page(&self, token: &str, lang: Lang) -> (StatusCode, String) {
        // A malformed code still costs one lookup, so its answer takes as long as an unknown one.
        let parsed = parse_token(token);
        let now = self.clock.now();
        match self
            .store
            .tracking_facts(parsed.unwrap_or_else(Uuid::nil), now)
            .await
        {
            Ok(Some(facts)) if parsed.is_some() && !facts.expired(now) => {
                let token = parsed.unwrap_or_else(Uuid::nil);
                (
                    StatusCode::OK,
                    self.case_page(token, &facts, lang, None, ""),
                )
            }
            Ok(_) => (
                StatusCode::NOT_FOUND,
                page::not_found_page(self.phone.as_deref(), lang),
            ),
            Err(e) => {
                tracing::warn!("tracking page: {e}");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    page::unavailable_page(self.phone.as_deref(), lang),
                )
            }
        }
    }
}

impl PageService {
    fn case_page(
        &self,
        token: Uuid,
        facts: &crate::domain::tracking::TrackingFacts,
        lang: Lang,
        error: Option<String>,
        remark: &str,
    ) -> String {
        let tl = crate::domain::tracking::timeline(facts);
        // The form shows once the case is closed and this closing not yet rated.
        let form_token = match (facts.state, facts.closed_at) {
            (crate::domain::CaseState::Closed, Some(closed)) => Some(form_token(token, closed)),
            _ => None,
        };
        let form = form_token.as_deref().map(|form_token| page::RatingForm {
            form_token,
            error,
            remark,
        });
        page::case_page(facts, &tl, self.phone.as_deref(), lang, form)
    }

    /// A rating sent from the page: checked, recorded once, answered.
    pub async fn rate(
        &self,
        token: &str,
        fields: &std::collections::HashMap<String, String>,
        lang: Lang,
    ) -> (StatusCode, String) {
        let now = self.clock.now();
        let parsed = parse_token(token);
        let facts = match self
            .store
            .tracking_facts(parsed.unwrap_or_else(Uuid::nil), now)
            .await
        {
            Ok(Some(f)) if parsed.is_some() && !f.expired(now) => f,
            Ok(_) => {
                return (
                    StatusCode::NOT_FOUND,
                    page::not_found_page(self.phone.as_deref(), lang),
                );
            }
            Err(e) => {
                tracing::warn!("tracking page: {e}");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    page::unavailable_page(self.phone.as_deref(), lang),
                );
            }
        };
        let token = parsed.unwrap_or_else(Uuid::nil);
        let sent_form = fields.get("form").map(String::as_str).unwrap_or("");
        let Some(closed_at) = facts
            .closed_at
            .filter(|c| form_token(token, *c) == sent_form)
        else {
            // A form of an earlier closing, or the case has moved on: rated already.
            return (
                StatusCode::OK,
                page::rated_page("serve.rate.already", self.phone.as_deref(), lang),
            );
        };
        let remark = fields.get("remark").map(|r| r.trim()).unwrap_or("");
        let satisfaction = fields
            .get("satisfaction")
            .and_then(|v| v.parse::<i32>().ok())
            .filter(|v| [5, 4, 2].contains(v));
        let t = |key: &str| rust_i18n::t!(key, locale = lang.locale()).into_owned();
        let refused = match satisfaction {
            None => Some(t("serve.rate.choose")),
            Some(_) if remark.chars().count() > page::REMARK_MAX => Some(t("serve.rate.too_long")),
            Some(_) => None,
        };
        if let Some(error) = refused {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                self.case_page(token, &facts, lang, Some(error), remark),
            );
        }
        let stamp = crate::store::Stamp::system_as(crate::store::RESIDENT_CHANNEL, now);
        match self
            .store
            .record_resident_follow_up(token, closed_at, satisfaction.unwrap_or(5), remark, &stamp)
            .await
        {
            Ok(crate::store::ResidentFollowUp::Recorded) => {
                tracing::info!("tracking page: a resident rated {}", facts.case_no);
                let key = if satisfaction.unwrap_or(5) <= 2 {
                    "serve.rate.reopened"
                } else {
                    "serve.rate.thanks"
                };
                (
                    StatusCode::OK,
                    page::rated_page(key, self.phone.as_deref(), lang),
                )
            }
            Ok(crate::store::ResidentFollowUp::AlreadyReceived) => (
                StatusCode::OK,
                page::rated_page("serve.rate.already", self.phone.as_deref(), lang),
            ),
            Err(e) => {
                tracing::warn!("tracking page: rating: {e}");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    page::unavailable_page(self.phone.as_deref(), lang),
                )
            }
        }
    }
}

/// The rating form's one-time token: bound to the case's code and to this closing, so a
/// form of an earlier closing (or one sent twice after the case moved on) is recognised.
pub fn form_token(token: Uuid, closed_at: chrono::DateTime<chrono::Utc>) -> String {
    use hmac::Mac as _;
    let mut mac = <hmac::Hmac<sha2::Sha256>>::new_from_slice(token.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(closed_at.timestamp_micros().to_string().as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The token from a URL path: 32 hex digits (either case) or a hyphenated UUID.
pub fn parse_token(text: &str) -> Option<Uuid> {
    if text.len() != 32 && text.len() != 36 {
        return None;
    }
    Uuid::parse_str(text).ok()
}

/// The URL in the receipt's QR code: `{public_url}/T/{TOKEN}`. Scheme, host and token are
/// upper case (both are case-insensitive here) so the code stays in the QR alphanumeric
/// set and small; a path prefix in `public_url` keeps its case.
pub fn tracking_url(public_url: &str, token: Uuid) -> String {
    let base = public_url.trim_end_matches('/');
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            format!(
                "{}://{}{}",
                scheme.to_ascii_uppercase(),
                host.to_ascii_uppercase(),
                path
            )
        }
        None => base.to_string(),
    };
    format!(
        "{base}/T/{}",
        token.simple().to_string().to_ascii_uppercase()
    )
}

fn lang_from(headers: &HeaderMap) -> Lang {
    page::lang_of(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

async fn track(
    State(app): State<Arc<PageService>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_from(&headers);
    if !app.limiter.allow(peer.ip(), std::time::Instant::now()) {
        return app.html(StatusCode::TOO_MANY_REQUESTS, page::slow_down_page(lang));
    }
    let (status, body) = app.page(&token, lang).await;
    app.html(status, body)
}

async fn rate(
    State(app): State<Arc<PageService>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<std::collections::HashMap<String, String>>,
) -> Response {
    let lang = lang_from(&headers);
    if !app.limiter.allow(peer.ip(), std::time::Instant::now()) {
        return app.html(StatusCode::TOO_MANY_REQUESTS, page::slow_down_page(lang));
    }
    let (status, body) = app.rate(&token, &fields, lang).await;
    app.html(status, body)
}

async fn elsewhere(
    State(app): State<Arc<PageService>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_from(&headers);
    if !app.limiter.allow(peer.ip(), std::time::Instant::now()) {
        return app.html(StatusCode::TOO_MANY_REQUESTS, page::slow_down_page(lang));
    }
    app.html(
        StatusCode::NOT_FOUND,
        page::not_found_page(app.phone.as_deref(), lang),
    )
}

/// The page's routes: `/t/{token}` (and `/T/…`, as the QR code's upper-case URL arrives);
/// anything else is the not-found page.
pub fn router(app: Arc<PageService>) -> Router {
    Router::new()
        .route("/t/{token}", get(track).post(rate))
        .route("/T/{token}", get(track).post(rate))
        .fallback(elsewhere)
        .with_state(app)
}

/// Serves the page on `listener` until `shutdown` completes; requests under way finish.
pub async fn serve_pages(
    listener: tokio::net::TcpListener,
    app: Arc<PageService>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_url_is_upper_case_except_a_path_prefix() {
        let token = Uuid::parse_str("0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b").unwrap();
        assert_eq!(
            tracking_url("http://yidi.centre.lan:8080/", token),
            "HTTP://YIDI.CENTRE.LAN:8080/T/0190A1B2C3D44E5F8A6B7C8D9E0F1A2B"
        );
        assert_eq!(
            tracking_url("https://gov.example/yidi", token),
            "HTTPS://GOV.EXAMPLE/yidi/T/0190A1B2C3D44E5F8A6B7C8D9E0F1A2B"
        );
        assert_eq!(parse_token("0190A1B2C3D44E5F8A6B7C8D9E0F1A2B"), Some(token));
        assert_eq!(parse_token("../../etc/passwd"), None);
    }
}
