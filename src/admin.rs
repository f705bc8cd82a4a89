//! The administrator's command-line settings that every console then follows: the county's
//! policy (`yidi policy`) and its operators (`yidi user`). Returns the lines to print; the binary prints them.

use crate::cli::{CliError, PolicyAction, UserAction};
use crate::domain::policy::key_label;
use crate::domain::{Centre, Lang};
use crate::store::{Stamp, Store};

/// `yidi policy show|set|calendar` at `centre` (its county's policy).
pub async fn policy(
    store: &Store,
    centre: &Centre,
    action: Option<PolicyAction>,
    lang: Lang,
) -> Result<Vec<String>, CliError> {
    let refused = |e: crate::store::StoreError| CliError::Refused(e.message(lang));
    let policy = match action {
        None | Some(PolicyAction::Show) => {
            let (policy, problems) = store.policy(centre.id).await?;
            let mut lines: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
            lines.extend(show(&policy, lang));
            return Ok(lines);
        }
        Some(PolicyAction::Set { key, value }) => {
            let value = crate::text::clean_line(&value);
            store
                .set_policy(
                    centre.id,
                    &key,
                    &value,
                    &Stamp::command_line(chrono::Utc::now()),
                )
                .await
                .map_err(refused)?
        }
        Some(PolicyAction::Calendar { file }) => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| CliError::Refused(format!("{}: {e}", file.display())))?;
            let year = crate::domain::WorkCalendar::default()
                .add_year_file(&file.display().to_string(), &text)
                .map_err(|e| CliError::Refused(e.to_string()))?;
            store
                .set_policy(
                    centre.id,
                    &format!("calendar.{year}"),
                    &text,
                    &Stamp::command_line(chrono::Utc::now()),
                )
                .await
                .map_err(refused)?
        }
    };
    Ok(show(&policy, lang))
}

fn show(policy: &crate::domain::policy::Policy, lang: Lang) -> Vec<String> {
    policy
        .settings()
        .into_iter()
        .map(|(key, value, range)| format!("{}\t{value}\t{range}", key_label(&key, lang)))
        .collect()
}

/// `yidi user add|passwd|disable|enable|list|place` at `centre`; the password, where one is
/// needed, from `password` (standard input).
pub async fn user(
    store: &Store,
    centre: &Centre,
    action: UserAction,
    password: fn() -> Result<String, CliError>,
    lang: Lang,
) -> Result<Vec<String>, CliError> {
    let stamp = Stamp::command_line(chrono::Utc::now());
    let l = lang.locale();
    let roles_of = |roles: &crate::domain::Roles| {
        roles
            .0
            .iter()
            .map(|r| rust_i18n::t!(format!("role.{}", r.as_str()), locale = l).into_owned())
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "、" } else { ", " })
    };
    let mut out = Vec::new();
    match action {
        UserAction::Add { login, name, role } => {
            let (login, name) = (
                crate::text::clean_line(&login),
                crate::text::clean_line(&name),
            );
            let roles = crate::domain::Roles::parse(&role).ok_or(CliError::Role(role))?;
            let password = password()?;
            let op = store
                .add_operator(centre.id, &login, &name, &roles, &password, &stamp)
                .await?;
            out.push(
                rust_i18n::t!(
                    "user.added",
                    locale = l,
                    login = op.login,
                    name = op.name,
                    roles = roles_of(&op.roles)
                )
                .into_owned(),
            );
        }
        UserAction::Passwd { login } => {
            let password = password()?;
            store
                .set_password(centre.id, &login, &password, &stamp)
                .await?;
            out.push(
                rust_i18n::t!("user.password_changed", locale = l, login = login).into_owned(),
            );
        }
        UserAction::Disable { login } => {
            store.set_disabled(centre.id, &login, true, &stamp).await?;
            out.push(rust_i18n::t!("user.disabled", locale = l, login = login).into_owned());
        }
        UserAction::Enable { login } => {
            store.set_disabled(centre.id, &login, false, &stamp).await?;
            out.push(rust_i18n::t!("user.enabled", locale = l, login = login).into_owned());
        }
        UserAction::List => {
            let centres = store.centres().await?;
            for op in store.operators().await? {
                let state = rust_i18n::t!(
                    if op.disabled {
                        "user.state.disabled"
                    } else {
                        "user.state.active"
                    },
                    locale = l
                );
                let place = centres
                    .iter()
                    .find(|c| Some(c.id) == op.centre_id)
                    .map_or("-".to_string(), |c| c.code.clone());
                let below = if op.covers_below {
                    rust_i18n::t!("user.and_townships", locale = l).into_owned()
                } else {
                    String::new()
                };
                out.push(format!(
                    "{}\t{}\t{}\t{place}{below}\t{state}",
                    op.login,
                    op.name,
                    roles_of(&op.roles)
                ));
            }
        }
        UserAction::Place { login, townships } => {
            store
                .place_operator(centre.id, &login, townships, &stamp)
                .await?;
            out.push(
                rust_i18n::t!(
                    "user.placed",
                    locale = l,
                    login = login,
                    centre = centre.name
                )
                .into_owned(),
            );
        }
    }
    Ok(out)
}
