//! The tokio tasks that talk to the store and the disk, so the render loop never waits on them.

use super::action::{Action, Command};
use super::draft;
use crate::domain::clock::local_day;
use crate::domain::{Centre, Clock, TicketMove};
use crate::store::{Stamp, Store, StoreError};
use std::sync::Arc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// What the tasks need to do their work.
#[derive(Clone)]
pub struct Ctx {
    pub store: Store,
    pub centre: Centre,
    /// The console's `--operator` (or login name): who the journal names when nobody is
    /// signed in.
    pub operator: String,
    /// Which console this is (host and window), named in the journal by its sweeps.
    pub console: String,
    /// Who is signed in, set by the sign-in task and cleared by the lock.
    pub session: Arc<std::sync::RwLock<Option<crate::domain::Operator>>>,
    pub clock: Arc<dyn Clock>,
    /// The same clock, measured against the database server's (PostgreSQL), so every
    /// console stamps and counts from one "now"; `None` where there is no server to ask.
    pub server_clock: Option<Arc<crate::domain::clock::ServerClock>>,
    /// Where drafts go (`None`: the wall screen, which types nothing).
    pub drafts: Option<draft::DraftPlace>,
    pub lang: crate::domain::Lang,
}

impl Ctx {
    /// The login of the operator signed in now, if any.
    pub(super) fn signed_in_login(&self) -> Option<String> {
        self.session
            .read()
            .ok()
            .and_then(|s| s.as_ref().map(|op| op.login.clone()))
    }

    /// The stamp of a write: the signed-in operator, checked against their roles. With
    /// nobody signed in (a locked console) every restricted write is refused.
    pub(super) fn stamp(&self) -> Stamp {
        let now = self.clock.now();
        match self.session.read().map(|s| s.clone()) {
            Ok(Some(op)) => Stamp::operator(&op, now),
            _ => Stamp::nobody(&self.operator, now),
        }
    }

    /// The county's policy as stored now (deadlines' days, follow-up days, calendar), read
    /// afresh for each write that counts a deadline, so every console counts alike. A
    /// database that cannot be read gives the defaults; the write itself will then say why.
    pub(super) async fn policy(&self) -> crate::domain::policy::Policy {
        match self.store.policy(self.centre.id).await {
            Ok((policy, _)) => policy,
            Err(_) => crate::domain::policy::Policy::default(),
        }
    }

    /// The stamp of a console's sweeps (late summonses, unclaimed reservations): yidi itself,
    /// named with the console that ran it, whoever is signed in or not.
    pub(super) fn sweep_stamp(&self) -> Stamp {
        Stamp::system(
            crate::store::System::Sweep,
            &self.operator,
            self.clock.now(),
        )
    }
}

/// Starts the store and draft workers and the change-feed listener.
pub fn spawn(ctx: Ctx, mut commands: UnboundedReceiver<Command>, actions: UnboundedSender<Action>) {
    let (draft_tx, draft_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(super::background::draft_worker(
        ctx.drafts.clone(),
        draft_rx,
        actions.clone(),
    ));
    tokio::spawn(super::background::watch_policy(
        ctx.store.clone(),
        ctx.centre.id,
        actions.clone(),
    ));
    tokio::spawn(super::feed_tasks::follow(ctx.clone(), actions.clone()));
    if let Some(clock) = ctx.server_clock.clone() {
        tokio::spawn(super::background::measure_clock(
            ctx.store.clone(),
            clock,
            actions.clone(),
        ));
    }
    if ctx.store.has_replica() {
        tokio::spawn(super::background::measure_replica(
            ctx.store.clone(),
            actions.clone(),
        ));
    }
    let reloader = Arc::new(super::feed_tasks::Reloader::default());
    tokio::spawn(async move {
        while let Some(cmd) = commands.recv().await {
            match cmd {
                Command::SaveDraft(_) | Command::ClearDraft | Command::OpenDrafts { .. } => {
                    let _ = draft_tx.send(cmd);
                }
                Command::LoadQueue | Command::Reload(_) => {
                    if let Some(parts) = super::feed_tasks::is_reload(&cmd) {
                        super::feed_tasks::ask(&ctx, &actions, &reloader, parts);
                    }
                }
                other => {
                    let (ctx, actions) = (ctx.clone(), actions.clone());
                    let op = super::action::Op::of(&other);
                    tokio::spawn(async move {
                        use futures_util::FutureExt;
                        let asked_by = ctx.signed_in_login();
                        // A bug in one task becomes an error on screen, not a dead console.
                        let action = std::panic::AssertUnwindSafe(run(&ctx, other))
                            .catch_unwind()
                            .await
                            .unwrap_or_else(|_| {
                                Action::Failed(
                                    rust_i18n::t!("ui.task_panicked", locale = ctx.lang.locale())
                                        .into_owned(),
                                )
                            });
                        // Asked by one operator, answered after another signed in: dropped.
                        if !super::session::for_someone_else(
                            &action,
                            asked_by.as_deref(),
                            ctx.signed_in_login().as_deref(),
                        ) {
                            let _ = actions.send(answering(op, action));
                        }
                        if let Some(op) = op {
                            let _ = actions.send(Action::Finished(op));
                        }
                    });
                }
            }
        }
    });
}

/// A write's plain answer, tied to the operation that asked for it.
fn answering(op: Option<super::action::Op>, action: Action) -> Action {
    match (op, action) {
        (Some(op), Action::Done(text)) => Action::Answered {
            op,
            result: Ok(text),
        },
        (Some(op), Action::Failed(text)) => Action::Answered {
            op,
            result: Err(text),
        },
        (_, action) => action,
    }
}

/// One command's answer, awaited (the headless console of the city-scale harness).
pub async fn answer(ctx: &Ctx, cmd: Command) -> Action {
    run(ctx, cmd).await
}

async fn run(ctx: &Ctx, cmd: Command) -> Action {
    let t = |key: &str| rust_i18n::t!(key, locale = ctx.lang.locale()).into_owned();
    let done = |r: Result<(), StoreError>, ok: String| match r {
        Ok(()) => Action::Done(ok),
        Err(e) => Action::Failed(e.message(ctx.lang)),
    };
    match cmd {
        Command::SaveIntake(intake) => {
            let stamp = ctx.stamp();
            let policy = ctx.policy().await;
            let deadlines = policy.sla.deadlines(stamp.at(), &policy.calendar());
            match ctx.store.intake(&intake, deadlines, &stamp).await {
                Ok(receipt) => Action::IntakeSaved(Box::new(receipt)),
                Err(StoreError::IntakeIdTaken) => {
                    Action::IntakeIdTaken(StoreError::IntakeIdTaken.message(ctx.lang))
                }
                Err(e) => {
                    let unreachable = e.is_transient();
                    let message = if unreachable {
                        t("ui.save_unreachable")
                    } else {
                        e.message(ctx.lang)
                    };
                    Action::IntakeFailed {
                        message,
                        unreachable,
                    }
                }
            }
        }
        Command::CallNext { window } => {
            let stamp = ctx.stamp();
            match ctx
                .store
                .call_next(ctx.centre.id, local_day(stamp.at()), &window, &stamp)
                .await
            {
                Ok(Some(ticket)) => Action::Called { ticket, window },
                Ok(None) => Action::Done(t("ui.nobody_waiting")),
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::CallTicket {
            ticket,
            version,
            window,
        } => match ctx
            .store
            .call_ticket(ticket, version, &window, &ctx.stamp())
            .await
        {
            Ok(()) => Action::Called { ticket, window },
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        Command::Recall { ticket, version } => done(
            ctx.store
                .move_ticket(ticket, version, TicketMove::Recall, &ctx.stamp())
                .await,
            t("ui.recalled"),
        ),
        Command::NoShow { ticket, version } => done(
            ctx.store
                .move_ticket(ticket, version, TicketMove::NoShow, &ctx.stamp())
                .await,
            t("ui.marked_no_show"),
        ),
        Command::Requeue { ticket, version } => done(
            ctx.store
                .move_ticket(ticket, version, TicketMove::Requeue, &ctx.stamp())
                .await,
            t("ui.requeued"),
        ),
        Command::Find(query) => match ctx
            .store
            .find_cases(ctx.centre.id, &query, local_day(ctx.clock.now()))
            .await
        {
            Ok(cases) => Action::FindResults { query, cases },
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        Command::AddLedger {
            case_id,
            progress,
            next_step,
        } => {
            match ctx
                .store
                .add_ledger_entry(case_id, &progress, &next_step, &ctx.stamp())
                .await
            {
                Ok(_) => reload_file(ctx, case_id).await,
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::Explain {
            case_id,
            version,
            text,
        } => match ctx
            .store
            .record_explanation(case_id, version, &text, &ctx.stamp())
            .await
        {
            Ok(_) => reload_file(ctx, case_id).await,
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        Command::SuggestWhistle(case_id) => {
            let read = async {
                let lead = ctx
                    .store
                    .case(case_id)
                    .await?
                    .and_then(|c| c.lead_department);
                let cooperating = ctx.store.cooperating_departments(case_id).await?;
                Ok::<_, StoreError>(lead.into_iter().chain(cooperating).collect::<Vec<_>>())
            };
            match read.await {
                Ok(departments) => Action::WhistleSuggested {
                    case_id,
                    departments,
                },
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::LookUpEarlier(id) => {
            let key = crate::store::PersonKey {
                resident_id: Some(&id),
                name: "",
                phone: None,
            };
            match ctx.store.earlier_cases_of(&key, None, ctx.centre.id).await {
                Ok(cases) => Action::EarlierFound {
                    resident_id: id,
                    cases,
                },
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::LookUpPair {
            applicant,
            respondent,
        } => {
            fn key(side: &(String, Option<String>)) -> crate::store::PersonKey<'_> {
                crate::store::PersonKey {
                    resident_id: side.1.as_deref(),
                    name: &side.0,
                    phone: None,
                }
            }
            match ctx
                .store
                .earlier_cases_of_pair(&key(&applicant), &key(&respondent), None, ctx.centre.id)
                .await
            {
                Ok(cases) => Action::PairFound {
                    applicant,
                    respondent,
                    cases,
                },
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::RefreshCaseFile(id) => {
            match super::detail::load_case_file(&ctx.store, id).await {
                Ok(file) => Action::CaseFileRefreshed(Box::new(file)),
                // A background refresh that fails leaves the file as it was shown.
                Err(e) if e.is_transient() => Action::StoreLost,
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::RecordOutcome {
            case_id,
            version,
            choice,
            note,
        } => {
            use super::outcome::OutcomeChoice;
            let stamp = ctx.stamp();
            let result = match &choice {
                OutcomeChoice::Court(outcome) => {
                    ctx.store
                        .record_outcome(case_id, version, outcome, &note, &stamp)
                        .await
                }
                OutcomeChoice::Withdrawn => {
                    let note = (!note.is_empty()).then_some(note.as_str());
                    ctx.store
                        .transition(
                            case_id,
                            version,
                            crate::domain::CaseEvent::Withdraw,
                            note,
                            &stamp,
                        )
                        .await
                }
            };
            match result {
                Ok(_) => reload_file(ctx, case_id).await,
                Err(e) => Action::OutcomeRefused(e.message(ctx.lang)),
            }
        }
        Command::RecordConfirmation {
            case_id,
            version,
            granted,
        } => match ctx
            .store
            .record_confirmation(case_id, version, granted, &ctx.stamp())
            .await
        {
            Ok(_) => reload_file(ctx, case_id).await,
            Err(e) => Action::OutcomeRefused(e.message(ctx.lang)),
        },
        Command::Escalate {
            case_id,
            version,
            to,
        } => {
            let stamp = ctx.stamp();
            let policy = ctx.policy().await;
            let due = policy.sla.county_due(stamp.at(), &policy.calendar());
            match ctx
                .store
                .escalate_case(case_id, version, to, due, &stamp)
                .await
            {
                Ok(_) => reload_file(ctx, case_id).await,
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::LoadPolicy => match ctx.store.policy(ctx.centre.id).await {
            Ok((policy, _)) => Action::PolicyLoaded(Box::new(policy)),
            Err(e) if e.is_transient() => Action::StoreLost,
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        Command::LoadDeadlines => match ctx.store.open_cases(ctx.centre.id, 500).await {
            Ok(cases) => Action::DeadlinesLoaded(cases),
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        Command::LoadTriage(id) => {
            let case = match ctx.store.case(id).await {
                Ok(Some(c)) => c,
                Ok(None) => {
                    return Action::Failed(StoreError::NotFound { entity: "case", id }.to_string());
                }
                Err(e) => return Action::Failed(e.message(ctx.lang)),
            };
            let read = async {
                Ok::<_, StoreError>((
                    ctx.store.departments(case.centre_id).await?,
                    ctx.store.cooperating_departments(id).await?,
                    ctx.store.earlier_cases_for(id).await?,
                ))
            };
            match read.await {
                Ok((departments, cooperating, earlier)) => Action::TriageReady {
                    case: Box::new(case),
                    departments,
                    cooperating,
                    earlier,
                },
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::SaveTriage {
            case_id,
            version,
            triage,
            close_note,
            repeat_of,
        } => {
            super::triage_tasks::save_triage(ctx, case_id, version, &triage, close_note, repeat_of)
                .await
        }
        Command::LoadCaseFile(id) => match super::detail::load_case_file(&ctx.store, id).await {
            Ok(file) => Action::CaseFileLoaded(Box::new(file)),
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        cmd @ (Command::Whistle { .. }
        | Command::RecordArrival { .. }
        | Command::AcknowledgeEscalation(_)
        | Command::Rewhistle(_)
        | Command::CancelSummons { .. }
        | Command::EscalateLate { .. }
        | Command::SetArrivalWindow { .. }) => super::board_tasks::run(ctx, cmd).await,
        Command::SignIn { login, password } => sign_in(ctx, &login, password).await,
        Command::RevealParty {
            case_id,
            seq,
            reason,
        } => {
            let at = i32::try_from(seq).unwrap_or(i32::MAX);
            match ctx
                .store
                .reveal_party(case_id, at, &reason, &ctx.stamp())
                .await
            {
                Ok(_) => match super::detail::load_case_file(&ctx.store, case_id).await {
                    Ok(file) => Action::PartyRevealed {
                        seq,
                        file: Box::new(file),
                    },
                    Err(e) => Action::Failed(e.message(ctx.lang)),
                },
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::LoadAudit(filter) => match ctx.store.audit(&ctx.stamp(), &filter, 500).await {
            Ok(entries) => Action::AuditLoaded(entries),
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        Command::SignOut => {
            if let Ok(mut s) = ctx.session.write() {
                *s = None;
            }
            Action::Done(t("login.locked"))
        }
        Command::CountOperators => match ctx.store.operators().await {
            Ok(ops) => Action::OperatorsCounted(ops.len()),
            Err(e) => Action::Failed(e.message(ctx.lang)),
        },
        cmd @ (Command::LoadAllocation { .. }
        | Command::AllocateRoom { .. }
        | Command::TransferSession { .. }
        | Command::ReleaseSession { .. }
        | Command::SetOutOfService { .. }
        | Command::ReserveRoom { .. }
        | Command::ClaimReservation { .. }
        | Command::ReleaseUnclaimed { .. }) => super::rooms_tasks::run(ctx, cmd).await,
        Command::Finish(cmd) => super::finish_tasks::run(ctx, cmd).await,
        cmd @ (Command::LoadFigures { .. }
        | Command::ExportFigures { .. }
        | Command::ExportList { .. }) => super::figures_tasks::run(ctx, cmd).await,
        Command::LoadQueue
        | Command::Reload(_)
        | Command::SaveDraft(_)
        | Command::ClearDraft
        | Command::OpenDrafts { .. } => Action::StoreChanged,
    }
}

/// Checks the password off the render loop; a failure answers only after a wait that grows
/// with each failure in a row.
async fn sign_in(ctx: &Ctx, login: &str, password: crate::domain::Password) -> Action {
    use crate::store::SignInRefused;
    let t = |key: &str| rust_i18n::t!(key, locale = ctx.lang.locale()).into_owned();
    match ctx
        .store
        .sign_in(ctx.centre.id, login, &password.0, ctx.clock.now())
        .await
    {
        Ok(Ok(op)) => {
            if let Ok(mut s) = ctx.session.write() {
                *s = Some(op.clone());
            }
            Action::SignedIn(op)
        }
        Ok(Err(SignInRefused::WrongLoginOrPassword { failures })) => {
            tokio::time::sleep(super::login::failure_delay(failures)).await;
            Action::SignInRefused(t("login.wrong"))
        }
        Ok(Err(SignInRefused::Disabled)) => Action::SignInRefused(t("login.disabled")),
        Ok(Err(SignInRefused::OtherCentre)) => Action::SignInRefused(t("login.other_centre")),
        Ok(Err(SignInRefused::TooSoon { wait_secs })) => Action::SignInRefused(
            rust_i18n::t!(
                "login.too_soon",
                locale = ctx.lang.locale(),
                secs = wait_secs
            )
            .into_owned(),
        ),
        Err(e) => Action::SignInRefused(e.message(ctx.lang)),
    }
}

async fn reload_file(ctx: &Ctx, case_id: uuid::Uuid) -> Action {
    match super::detail::load_case_file(&ctx.store, case_id).await {
        Ok(file) => Action::CaseFileLoaded(Box::new(file)),
        Err(e) => Action::Failed(e.message(ctx.lang)),
    }
}
