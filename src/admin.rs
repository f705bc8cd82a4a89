//! The administrator's command-line settings that every console then follows: the county's
//! policy (`yidi policy`). Returns the lines to print; the binary prints them.

use crate::cli::{CliError, PolicyAction};
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
