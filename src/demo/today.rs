//! Today's walk-ins at the county centre, with the stories of SCENARIOS.md where they fit:
//! the twelve workers (A007), the 71-year-old woman with the leaking flat above, the man on his
//! fourth visit about land compensation, the court's pre-filing referral. This file holds the
//! cast and the repeat visitor's earlier visits; `morning` and `live` hold the day itself.

use super::people;
use super::script::{Frame, Script};
use crate::domain::case::{Channel, Handling, Level, Stream};
use crate::domain::clock::{day_start, local_day};
use crate::domain::party::{Party, PartyRole};
use crate::domain::{Intake, WorkCalendar};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use uuid::Uuid;

use Handling::Joint;
use Level::County;
use Stream::{Mediation, Petition};

pub(super) const W1: &str = "窗口1-王敏";
pub(super) const W2: &str = "窗口2-刘洋";
pub(super) const HOTLINE: &str = "12345热线-周婷";
pub(super) const ONLINE: &str = "网上受理-周婷";
pub(super) const GRID: &str = "网格受理-陈静";
pub(super) const COURT: &str = "诉前调解窗口-蒋文";
pub(super) const LEADER: &str = "领导接访-陈志远";

/// Makes people and intakes for one centre from one deterministic random source.
pub(super) struct Cast {
    rng: StdRng,
    pub(super) centre: Uuid,
    year: i32,
}

impl Cast {
    pub(super) fn person(&mut self, role: PartyRole) -> Party {
        people::person(&mut self.rng, role, self.year)
    }

    /// Someone of this sex and age (in years, on `today`).
    pub(super) fn aged(
        &mut self,
        role: PartyRole,
        male: bool,
        age: i32,
        today: NaiveDate,
    ) -> Party {
        let birth = today.with_year(today.year() - age).unwrap_or(today)
            - Duration::days(40 + age as i64 * 3);
        people::person_born(&mut self.rng, role, male, birth)
    }

    pub(super) fn company(&mut self, business: &str) -> Party {
        people::organisation(
            PartyRole::Respondent,
            people::company(&mut self.rng, business),
        )
    }

    /// An intake with a generated applicant and, if given, a generated respondent.
    pub(super) fn intake(
        &mut self,
        channel: Channel,
        category: &str,
        description: &str,
        respondent: Option<Party>,
    ) -> Intake {
        let applicant = self.person(PartyRole::Applicant);
        let mut i = Intake::new(self.centre, channel, category, description).with_party(applicant);
        i.parties.extend(respondent);
        i
    }
}

pub(super) fn body(name: &str) -> Option<Party> {
    Some(people::organisation(
        PartyRole::Respondent,
        name.to_string(),
    ))
}

/// The working day on or after `day`.
fn working_day_from(day: NaiveDate) -> NaiveDate {
    WorkCalendar::builtin().nth_working_day(day, 1)
}

/// Minutes from the start of `day` to the start of the `n`-th working day after it.
fn working_days_later(day: NaiveDate, n: u32) -> i64 {
    let later = WorkCalendar::builtin().nth_working_day(day + Duration::days(1), n);
    (later - day).num_days() * 24 * 60
}

fn at(day: NaiveDate, hour: i64, minute: i64) -> DateTime<Utc> {
    day_start(day) + Duration::minutes(hour * 60 + minute)
}

/// Minutes after 08:30 on the script for a Beijing clock time.
pub(super) const fn hm(hour: i64, minute: i64) -> i64 {
    hour * 60 + minute - (8 * 60 + 30)
}

/// The repeat visitor of scenario 3, as the live script needs him.
pub(super) struct Visitor {
    pub party: Party,
    pub land: Option<Party>,
    pub road_year: i32,
    /// His latest earlier case, which today's visit repeats.
    pub last: Uuid,
}

/// Writes the day (and the repeat visitor's three earlier visits) for the centre.
pub fn script(centre: Uuid, now: DateTime<Utc>) -> Script {
    let f = Frame::new(now);
    let today = local_day(f.end());
    let mut c = Cast {
        rng: StdRng::seed_from_u64(20_261_123),
        centre,
        year: today.year(),
    };
    let mut s = Script::default();
    let visitor = earlier_visits(&mut s, &mut c, today);
    super::follow_ups::write(&mut s, &mut c, today);
    super::morning::write(&mut s, &mut c, &f, today);
    super::live::write(&mut s, &mut c, &f, visitor);
    s
}

/// Scenario 3's man: three earlier cases about the same land under one resident ID, one
/// answered ("explained"), two failed and referred to litigation, each linked to the one before.
fn earlier_visits(s: &mut Script, c: &mut Cast, today: NaiveDate) -> Visitor {
    let centre = c.centre;
    let year = today.year();
    let mut yang = c.aged(PartyRole::Applicant, true, 64, today);
    yang.name = "杨树林".into();
    yang.address = "新河镇石板村4组".into();
    let land = body("县自然资源局");
    let road_year = year - 7;
    let e1_day = working_day_from(today - Duration::days(910));
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "征地补偿",
        &format!("反映{road_year}年县城至新河镇公路建设征收其承包地1.2亩，青苗及地上附着物补偿偏低，要求提高补偿。"),
    )
    .with_party(yang.clone());
    i.parties.extend(land.clone());
    let later = working_days_later(e1_day, 3);
    let e1 = s
        .case(at(e1_day, 10, 15), W1, i)
        .triage(10, Petition, Joint, County, "自然资源局", &["信访局"])
        .explain(
            later,
            "已答复：自然资源局书面答复，补偿按当年征收补偿方案执行，标准符合规定",
        )
        .close(later + 10)
        .index();
    let e2_day = working_day_from(today - Duration::days(520));
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "征地补偿",
        "再次反映公路建设征地补偿偏低，要求按现行标准补足差额。",
    )
    .with_party(yang.clone());
    i.parties.extend(land.clone());
    i.repeat_of = Some(s.id(e1));
    let later = working_days_later(e2_day, 1);
    let e2 = s
        .case(at(e2_day, 9, 40), W2, i)
        .triage(
            8,
            Mediation,
            Joint,
            County,
            "征地拆迁纠纷人民调解委员会",
            &["自然资源局"],
        )
        .session(later, "第三调解室")
        .refer(
            later + 90,
            "调解不成：双方对补偿差额分歧较大，引导其向法院提起诉讼",
        )
        .release(later + 90, "第三调解室")
        .close(later + 100)
        .index();
    let e3_day = working_day_from(today - Duration::days(150));
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "征地补偿",
        "第三次来访：坚持要求补足征地补偿差额，称诉讼中被告知已超过诉讼时效，情绪低落。",
    )
    .with_party(yang.clone());
    i.parties.extend(land.clone());
    i.repeat_of = Some(s.id(e2));
    i.lanes.emotional_risk = true;
    let later = working_days_later(e3_day, 2);
    let e3 = s
        .case(at(e3_day, 14, 20), W1, i)
        .triage(
            12,
            Petition,
            Joint,
            County,
            "信访局",
            &["自然资源局", "司法局"],
        )
        .session(later, "第六调解室")
        .refer(
            later + 60,
            "调解不成：告知可依法申请行政复议或提起诉讼，法律援助室提供咨询",
        )
        .release(later + 60, "第六调解室")
        .close(later + 70)
        .index();
    Visitor {
        party: yang,
        land,
        road_year,
        last: s.id(e3),
    }
}
