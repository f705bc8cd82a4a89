//! The notice worker: drains the outbox while it holds the database's `notify` lease (one
//! worker active per database; another takes over once a dead holder's lease runs out),
//! claims each try before sending, backs off between tries and marks a notice failed after
//! the last. On stop it finishes the try under way and leaves the rest in the outbox.

use super::NotifyConfig;
use super::deliver::{Delivery, Route, deliver};
use crate::domain::notice::{NoticeKind, NoticeState, NotifyKind, backoff};
use crate::domain::{Clock, Duty};
use crate::store::{PendingNotice, Stamp, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

pub const LEASE: &str = "notify";

#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Who holds the lease: host, process and a random part.
    pub holder: String,
    pub lease_ttl: Duration,
    /// How often the outbox is looked at.
    pub poll: Duration,
    pub backoff_base: Duration,
    pub max_attempts: u32,
    pub sms_command: Option<String>,
    pub request_timeout: Duration,
}

impl WorkerOptions {
    pub fn from_config(config: &NotifyConfig) -> Self {
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "host".into());
        Self {
            holder: format!(
                "{host}:{}:{}",
                std::process::id(),
                &uuid::Uuid::new_v4().simple().to_string()[..8]
            ),
            lease_ttl: Duration::from_secs(15),
            poll: Duration::from_millis(500),
            backoff_base: Duration::from_secs(5),
            max_attempts: config.max_attempts.max(1),
            sms_command: config.sms_command.clone(),
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// Runs the worker with the config's settings until `stop` turns true.
pub async fn run(
    store: Store,
    clock: Arc<dyn Clock>,
    config: NotifyConfig,
    stop: watch::Receiver<bool>,
) {
    run_with(store, clock, WorkerOptions::from_config(&config), stop).await
}

pub async fn run_with(
    store: Store,
    clock: Arc<dyn Clock>,
    options: WorkerOptions,
    mut stop: watch::Receiver<bool>,
) {
    let client = match reqwest::Client::builder()
        .timeout(options.request_timeout)
        .user_agent(concat!("yidi/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("notify: cannot start an HTTP client: {e}");
            return;
        }
    };
    tracing::info!("notify: worker {} started", options.holder);
    let ttl =
        chrono::Duration::from_std(options.lease_ttl).unwrap_or(chrono::Duration::seconds(15));
    let mut holding = false;
    while !*stop.borrow() {
        match store
            .take_lease(LEASE, &options.holder, clock.now(), ttl)
            .await
        {
            Ok(true) => {
                if !holding {
                    tracing::info!("notify: {} holds the lease", options.holder);
                    holding = true;
                }
                if let Err(e) = drain(&store, &*clock, &client, &options, &stop, ttl).await {
                    tracing::warn!("notify: {e}");
                }
            }
            Ok(false) => holding = false,
            Err(e) => tracing::warn!("notify: lease: {e}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(options.poll) => {}
            _ = stop.changed() => {}
        }
    }
    if holding {
        let _ = store
            .release_lease(LEASE, &options.holder, clock.now())
            .await;
    }
    tracing::info!("notify: worker {} stopped", options.holder);
}

async fn drain(
    store: &Store,
    clock: &dyn Clock,
    client: &reqwest::Client,
    options: &WorkerOptions,
    stop: &watch::Receiver<bool>,
    ttl: chrono::Duration,
) -> crate::store::Result<()> {
    let due = store.due_notices(clock.now(), 50).await?;
    for notice in due {
        if *stop.borrow() {
            break;
        }
        let now = clock.now();
        // Renewed before each try, so a slow channel never lets another worker in meanwhile.
        if !store.take_lease(LEASE, &options.holder, now, ttl).await? {
            break;
        }
        let attempt = notice.attempts.max(0) as u32 + 1;
        let retry_at = now
            + chrono::Duration::from_std(backoff(attempt, options.backoff_base))
                .unwrap_or(chrono::Duration::minutes(15));
        if !store.claim_notice(notice.id, now, retry_at).await? {
            continue;
        }
        let result = try_once(store, client, options, &notice, now).await;
        let stamp = Stamp::system(crate::store::System::Notify, "", clock.now());
        match result {
            Delivery::Sent => {
                tracing::info!("notify: {} {} sent", notice.kind, notice.id);
                store
                    .finish_notice(notice.id, NoticeState::Sent, None, &stamp)
                    .await?;
            }
            Delivery::Unconfigured(why) => {
                tracing::info!("notify: {} {} not sent: {why}", notice.kind, notice.id);
                store
                    .finish_notice(notice.id, NoticeState::Unconfigured, Some(&why), &stamp)
                    .await?;
            }
            Delivery::Failed(why) => {
                let last = attempt >= options.max_attempts;
                tracing::warn!(
                    "notify: {} {} try {attempt}/{} failed: {why}",
                    notice.kind,
                    notice.id,
                    options.max_attempts
                );
                let state = if last {
                    NoticeState::Failed
                } else {
                    NoticeState::Pending
                };
                store
                    .finish_notice(notice.id, state, Some(&why), &stamp)
                    .await?;
            }
        }
    }
    Ok(())
}

async fn try_once(
    store: &Store,
    client: &reqwest::Client,
    options: &WorkerOptions,
    notice: &PendingNotice,
    now: chrono::DateTime<chrono::Utc>,
) -> Delivery {
    let sms = options.sms_command.as_deref();
    if notice.kind() == Some(NoticeKind::Escalate) || notice.department_id.is_none() {
        // The duty leader of the day the notice was written, from the roster.
        let day = crate::domain::clock::local_day(notice.created_at);
        let phone = match store.roster(notice.centre_id, day).await {
            Ok(roster) => roster
                .into_iter()
                .find(|e| e.duty == Duty::DutyLeader)
                .and_then(|e| e.phone),
            Err(e) => return Delivery::Failed(format!("roster: {e}")),
        };
        let Some(phone) = phone else {
            return Delivery::Unconfigured("no duty leader phone on the roster".into());
        };
        let route = Route {
            kind: NotifyKind::Sms,
            target: Some(&phone),
            secret: None,
        };
        return deliver(client, notice, route, sms, now.timestamp_millis()).await;
    }
    let kind = notice
        .notify_kind
        .as_deref()
        .and_then(NotifyKind::parse)
        .unwrap_or(NotifyKind::None);
    let target = match kind {
        NotifyKind::Sms => notice
            .notify_target
            .as_deref()
            .or(notice.department_phone.as_deref()),
        _ => notice.notify_target.as_deref(),
    };
    let route = Route {
        kind,
        target,
        secret: notice.notify_secret.as_deref(),
    };
    deliver(client, notice, route, sms, now.timestamp_millis()).await
}
