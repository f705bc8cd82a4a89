//! The `yidi serve` and `yidi notify` commands: open the database, listen, print where the
//! page is, and stop cleanly on SIGTERM or Ctrl-C.

use super::{PageService, ServeConfig};
use crate::cli::{CliError, Global};
use crate::config::FileConfig;
use crate::domain::{Clock, SystemClock};
use crate::store::Store;
use std::sync::Arc;

/// Resolves when the process is asked to stop (SIGTERM from systemd, or Ctrl-C).
pub async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

async fn open(global: &Global, url: &str) -> Result<Store, CliError> {
    let store = Store::open(url).await?;
    if global.demo
        && store
            .centre_by_code(crate::demo::COUNTY_CODE)
            .await?
            .is_none()
    {
        eprintln!("seeding the demo centre…");
        crate::demo::seed(&store, chrono::Utc::now(), 0, &mut |_| {}).await?;
    }
    Ok(store)
}

/// `yidi serve`: the tracking page (and, unless `no_notify`, the notice worker).
pub async fn serve(
    global: &Global,
    file: &FileConfig,
    url: &str,
    listen: Option<String>,
    no_notify: bool,
    read_db: Option<String>,
) -> Result<(), CliError> {
    let mut config: ServeConfig = file.serve.clone();
    if let Some(listen) = listen {
        config.listen = listen;
    }
    let store = open(global, url).await?;
    let page_store = match &config.page_database_url {
        Some(u) => Store::connect(u).await?,
        None => store.clone(),
    };
    // `--read-db`: the page reads from a streaming replica; its one write (the resident's
    // answer) still goes to the primary.
    let page_store = match read_db {
        Some(u) => page_store.with_replica(&Store::connect(&u).await?),
        None => page_store,
    };
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| CliError::Refused(format!("cannot listen on {}: {e}", config.listen)))?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let app = Arc::new(PageService::new(page_store, clock.clone(), &config));
    let public = config.public_url();
    println!("yidi serve: tracking page on http://{}", config.listen);
    tracing::info!("serve: listening on {} (public {public})", config.listen);
    if global.demo {
        let centre = crate::cli::pick_centre(&store, global.centre.as_deref()).await?;
        if let Some(token) = store.sample_tracking_token(centre.id).await? {
            println!(
                "a demo case's page: {}/t/{}",
                public.trim_end_matches('/'),
                token.simple()
            );
        }
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = (!no_notify).then(|| {
        let store = store.clone();
        let notify = file.notify.clone();
        let clock = clock.clone();
        let stop = stop_rx.clone();
        tokio::spawn(async move { super::worker::run(store, clock, notify, stop).await })
    });
    let mut page_stop = stop_rx.clone();
    let pages = tokio::spawn(super::serve_pages(listener, app, async move {
        let _ = page_stop.wait_for(|s| *s).await;
    }));
    stop_signal().await;
    tracing::info!("serve: stopping");
    let _ = stop_tx.send(true);
    if let Some(w) = worker {
        let _ = w.await;
    }
    let _ = pages.await;
    store.close().await;
    tracing::info!("serve: stopped");
    Ok(())
}

/// `yidi notify`: the notice worker alone.
pub async fn notify(global: &Global, file: &FileConfig, url: &str) -> Result<(), CliError> {
    let store = open(global, url).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    println!(
        "yidi notify: delivering notices from {}",
        store.display_url()
    );
    let worker = tokio::spawn(super::worker::run(
        store.clone(),
        clock,
        file.notify.clone(),
        stop_rx,
    ));
    stop_signal().await;
    let _ = stop_tx.send(true);
    let _ = worker.await;
    store.close().await;
    Ok(())
}

/// `yidi department notify NAME --kind …`: sets how a department's notices reach it.
pub async fn department(
    global: &Global,
    file: &FileConfig,
    url: &str,
    action: crate::cli::DepartmentAction,
) -> Result<(), CliError> {
    use crate::domain::notice::NotifyKind;
    let crate::cli::DepartmentAction::Notify {
        name,
        kind,
        webhook,
        secret,
        phone,
    } = action;
    let kind = NotifyKind::parse(&kind).ok_or_else(|| {
        CliError::Refused(format!(
            "unknown notice kind {kind:?}: use wecom, dingtalk, json, sms or none"
        ))
    })?;
    let target = match kind {
        NotifyKind::Wecom | NotifyKind::Dingtalk | NotifyKind::Json => {
            let url = webhook
                .ok_or_else(|| CliError::Refused(format!("--kind {kind} needs --webhook URL")))?;
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(CliError::Refused(
                    "--webhook: the URL must start with https:// or http://".into(),
                ));
            }
            Some(url)
        }
        NotifyKind::Sms => phone,
        NotifyKind::None => None,
    };
    let store = open(global, url).await?;
    let centre =
        crate::cli::pick_centre(&store, global.centre.as_deref().or(file.centre.as_deref()))
            .await?;
    let departments = store.departments(centre.id).await?;
    let Some(department) = departments.iter().find(|d| d.name == name) else {
        let known: Vec<&str> = departments.iter().map(|d| d.name.as_str()).collect();
        return Err(CliError::Refused(format!(
            "no department {name:?} at {}; they are: {}",
            centre.name,
            known.join(", ")
        )));
    };
    let channel = crate::store::NotifyChannel {
        kind,
        target,
        secret: secret.filter(|_| kind == NotifyKind::Dingtalk),
    };
    let stamp = crate::store::Stamp::command_line(chrono::Utc::now());
    store
        .set_department_notify(department.id, &channel, &stamp)
        .await?;
    println!("{}: notices by {kind}", department.name);
    Ok(())
}
