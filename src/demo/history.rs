//! Closed historical cases for the demo: three years of a county centre's work, generated
//! cheaply and deterministically, and stored in batches through `Store::import_history`.

use super::categories::{BACK_TO_COURT, CATEGORIES, EXPLAINED, FAILED, Respondent, WITHDRAWN};
use super::data::STAFF;
use super::people;
use crate::domain::case::{
    CaseState, Channel, CourtLink, Handling, JudicialConfirmation, Lanes, Level, LitigationTrack,
};
use crate::domain::clock::{day_start, local_day};
use crate::domain::party::{Party, PartyRole};
use crate::domain::sla::ClockMarks;
use crate::domain::{Case, Centre, Deadlines, SlaPolicy, WorkCalendar};
use crate::store::{Stamp, Store, StoreError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use uuid::Uuid;

/// Cases per `import_history` call (one transaction each).
pub const BATCH: usize = 5_000;

/// Everything the generator needs that does not change from case to case.
struct Context {
    centre_id: Uuid,
    /// Working days of the past three years, oldest first, with their deadlines.
    days: Vec<(NaiveDate, Deadlines)>,
    /// Lead department per category (`None` when the centre has no such department).
    leads: Vec<Option<Uuid>>,
    total_weight: u32,
    now: DateTime<Utc>,
}

/// Adds `n` closed cases to `centre`, spread over the working days of the three years before
/// today, in batches of [`BATCH`]; `progress` gets the number done after each batch.
/// Case numbers read `YD<day>-H<n>` with `n` counted on from the centre's case count, so they
/// never collide with live numbering nor with an earlier call.
pub async fn seed_history(
    store: &Store,
    centre: &Centre,
    now: DateTime<Utc>,
    n: u64,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, StoreError> {
    if n == 0 {
        return Ok(0);
    }
    let by_name: HashMap<String, Uuid> = store
        .departments(centre.id)
        .await?
        .into_iter()
        .map(|d| (d.name, d.id))
        .collect();
    let offset = store.counts(centre.id).await?.cases as u64;
    let ctx = Context {
        centre_id: centre.id,
        days: working_days(now),
        leads: CATEGORIES
            .iter()
            .map(|c| by_name.get(c.lead).copied())
            .collect(),
        total_weight: CATEGORIES.iter().map(|c| c.weight).sum(),
        now,
    };
    let mut rng = StdRng::seed_from_u64(0x5EED_4157 ^ offset);
    let stamp = Stamp::system(crate::store::System::Demo, "", now);
    let mut done = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    while done < n {
        let size = (n - done).min(BATCH as u64);
        batch.clear();
        for k in done..done + size {
            batch.push(case(&mut rng, &ctx, k, n, offset + k + 1));
        }
        store.import_history(centre.id, &batch, &stamp).await?;
        done += size;
        progress(done);
    }
    Ok(done)
}

/// The working days from three years before `now`'s day up to the day before it.
fn working_days(now: DateTime<Utc>) -> Vec<(NaiveDate, Deadlines)> {
    let cal = WorkCalendar::builtin();
    let policy = SlaPolicy::default();
    let today = local_day(now);
    let first = today
        .with_year(today.year() - 3)
        .unwrap_or(today - Duration::days(1096));
    first
        .iter_days()
        .take_while(|d| *d < today)
        .filter(|d| cal.is_working_day(*d))
        .map(|d| (d, policy.deadlines(day_start(d) + Duration::hours(9), &cal)))
        .collect()
}

fn percent(rng: &mut StdRng, p: u32) -> bool {
    rng.random_range(0..100) < p
}

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// The `k`-th of `n` cases (they run in date order), numbered `number`.
fn case(rng: &mut StdRng, ctx: &Context, k: u64, n: u64, number: u64) -> (Case, Vec<Party>) {
    let (day, deadlines) = ctx.days[(k as u128 * ctx.days.len() as u128 / n as u128) as usize];
    let mut w = rng.random_range(0..ctx.total_weight);
    let ci = CATEGORIES
        .iter()
        .position(|c| {
            let hit = w < c.weight;
            w = w.saturating_sub(c.weight);
            hit
        })
        .unwrap_or(0);
    let cat = &CATEGORIES[ci];

    // Received between 08:30 and 17:30 Beijing time.
    let received =
        day_start(day) + Duration::seconds(8 * 3600 + 1800 + rng.random_range(0..9 * 3600));
    let immediate = percent(rng, cat.immediate);
    let closed = if immediate {
        received + Duration::minutes(rng.random_range(15..150))
    } else {
        received + Duration::hours(rng.random_range(20..24 * 9))
    };
    let closed = closed.min(ctx.now).max(received);

    let channel = if cat.court && percent(rng, 20) {
        Channel::CourtReferral
    } else {
        match rng.random_range(0..100) {
            0..60 => Channel::WalkIn,
            60..74 => Channel::Hotline,
            74..86 => Channel::Online,
            86..97 => Channel::GridReport,
            _ => Channel::LeaderReception,
        }
    };
    let court_case_no = (channel == Channel::CourtReferral).then(|| {
        format!(
            "({})示0101民诉前调{}号",
            day.year(),
            rng.random_range(1..4000)
        )
    });

    let (description, settled) = cat.cases[rng.random_range(0..cat.cases.len())];
    let roll = rng.random_range(0..100);
    let (note, failed) = match roll {
        0..80 => (settled, false),
        80..88 if channel == Channel::CourtReferral => (BACK_TO_COURT, true),
        80..88 => (cat.referral, true),
        88..94 => (pick(rng, EXPLAINED), false),
        94..97 => (pick(rng, FAILED), true),
        _ => (pick(rng, WITHDRAWN), false),
    };
    // What the figures read: the agreement of a settled case, the court track of a failed
    // one, the clocks met along the way (chosen from `number` so the generator's random
    // sequence is unchanged).
    let court = CourtLink {
        agreement_no: (roll < 80).then(|| format!("调协〔{}〕{number}号", day.year())),
        judicial_confirmation: (roll < 80 && number.is_multiple_of(7)).then_some(
            if number.is_multiple_of(5) {
                JudicialConfirmation::Requested
            } else {
                JudicialConfirmation::Granted
            },
        ),
        litigation_track: failed.then_some(if number.is_multiple_of(3) {
            LitigationTrack::PriorityFiling
        } else {
            LitigationTrack::FastTrack
        }),
    };
    let state = if closed < ctx.now - Duration::days(3) && percent(rng, 75) {
        CaseState::FollowedUp
    } else {
        CaseState::Closed
    };

    let (batches, persons) = if percent(rng, cat.group) {
        (rng.random_range(1..=2), rng.random_range(3..=30))
    } else {
        (1, 1)
    };
    let mut applicant = people::person(rng, PartyRole::Applicant, day.year());
    if percent(rng, 8) {
        applicant.resident_id = None;
    }
    let born = applicant
        .resident_id
        .as_deref()
        .and_then(|id| id.get(6..10))
        .and_then(|y| y.parse::<i32>().ok());
    let lanes = Lanes {
        elderly_disabled: born.is_some_and(|y| day.year() - y >= 70) || percent(rng, 2),
        group_visit: persons > 1,
        emotional_risk: percent(rng, if failed { 10 } else { 2 }),
    };
    let mut parties = Vec::with_capacity(2);
    parties.push(applicant);
    match cat.respondent {
        Respondent::Person => parties.push(people::person(rng, PartyRole::Respondent, day.year())),
        Respondent::Company(business) => parties.push(people::organisation(
            PartyRole::Respondent,
            people::company(rng, business),
        )),
        Respondent::Body(name) => parties.push(people::organisation(
            PartyRole::Respondent,
            name.to_string(),
        )),
        Respondent::None => {}
    }

    let millis = received.timestamp_millis() as u64;
    let id = uuid::Builder::from_unix_timestamp_millis(millis, &rand::rng().random()).into_uuid();
    let tracking_token = uuid::Builder::from_random_bytes(rand::rng().random()).into_uuid();
    let level = match rng.random_range(0..100) {
        0..60 => Level::County,
        60..90 => Level::Township,
        _ => Level::Village,
    };
    let case = Case {
        id,
        centre_id: ctx.centre_id,
        case_no: format!(
            "YD{:04}{:02}{:02}-H{number:07}",
            day.year(),
            day.month(),
            day.day()
        ),
        tracking_token,
        channel,
        category: cat.name.to_string(),
        description: description.to_string(),
        state,
        stream: Some(cat.stream),
        handling: Some(if immediate {
            Handling::Immediate
        } else {
            Handling::Joint
        }),
        level: Some(level),
        lead_department: ctx.leads[ci],
        first_handler: Some(pick(rng, STAFF).to_string()),
        group_batches: batches,
        group_persons: persons,
        lanes,
        court_case_no,
        repeat_of: None,
        outcome_note: Some(note.to_string()),
        received_at: received,
        deadlines,
        marks: ClockMarks {
            accepted: Some(received + Duration::minutes(10)),
            convened: (!immediate).then(|| (received + Duration::hours(20)).min(closed)),
            explained: (88..94).contains(&roll).then_some(closed),
            ..Default::default()
        },
        court,
        closed_at: Some(closed),
        version: if state == CaseState::FollowedUp { 6 } else { 5 },
    };
    (case, parties)
}

/// The Beijing hour of an instant (for tests).
#[cfg(test)]
fn beijing_hour(t: DateTime<Utc>) -> u32 {
    use chrono::Timelike;
    t.with_timezone(&crate::domain::clock::TZ).hour()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::resident_id::ResidentId;
    use chrono::TimeZone;

    fn ctx(now: DateTime<Utc>) -> Context {
        Context {
            centre_id: Uuid::nil(),
            days: working_days(now),
            leads: vec![None; CATEGORIES.len()],
            total_weight: CATEGORIES.iter().map(|c| c.weight).sum(),
            now,
        }
    }

    #[test]
    fn history_is_closed_in_working_hours_over_three_years_with_valid_parties() {
        let now = crate::domain::clock::TZ
            .with_ymd_and_hms(2026, 11, 23, 11, 30, 0)
            .unwrap()
            .with_timezone(&Utc);
        let ctx = ctx(now);
        assert!(
            (740..=790).contains(&ctx.days.len()),
            "{} working days",
            ctx.days.len()
        );
        let mut rng = StdRng::seed_from_u64(1);
        let n = 3_000;
        let mut numbers = std::collections::HashSet::new();
        let mut categories = std::collections::HashSet::new();
        for k in 0..n {
            let (c, parties) = case(&mut rng, &ctx, k, n, k + 1);
            assert!(matches!(c.state, CaseState::Closed | CaseState::FollowedUp));
            assert!(
                c.received_at < now
                    && c.closed_at.unwrap() >= c.received_at
                    && c.closed_at.unwrap() <= now
            );
            assert!((8..18).contains(&beijing_hour(c.received_at)));
            assert!(local_day(c.received_at) >= local_day(now) - Duration::days(1100));
            assert!(numbers.insert(c.case_no.clone()), "{} twice", c.case_no);
            assert_eq!(
                c.court_case_no.is_some(),
                c.channel == Channel::CourtReferral
            );
            categories.insert(c.category);
            assert!(!parties.is_empty() && parties.len() <= 2);
            for p in &parties {
                if let Some(id) = &p.resident_id {
                    ResidentId::parse(id).unwrap();
                }
                p.clone().validated().unwrap();
            }
        }
        assert_eq!(categories.len(), CATEGORIES.len());
    }
}
