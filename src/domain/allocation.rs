//! Room allocation (调解室分配): which rooms to propose for a case, which mediators to
//! suggest, and the rules for reservations (legal aid, counselling) — pure, no I/O.

use super::clock::TZ;
use super::room::{Room, RoomKind};
use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};
use uuid::Uuid;

/// A session in a room now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub booking_id: Uuid,
    pub case_id: Uuid,
    pub case_no: String,
    pub mediator_id: Option<Uuid>,
    pub mediator: Option<String>,
    pub started_at: DateTime<Utc>,
    /// Who put the case in the room.
    pub booked_by: Option<String>,
}

/// A reservation of a room for a time slot, for a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub id: Uuid,
    pub room_id: Uuid,
    pub case_id: Uuid,
    pub case_no: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reserved_by: String,
}

/// A room as the rooms tab and allocation see it: the room, whether it is in service, the
/// session in it and its next reservation not yet claimed or released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomView {
    pub room: Room,
    /// Out of service since when, and why.
    pub out_of_service: Option<(DateTime<Utc>, String)>,
    pub session: Option<Session>,
    pub next_reservation: Option<Reservation>,
}

/// A room's state, in the order the rooms tab names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoomState {
    Free,
    InSession,
    Reserved,
    OutOfService,
}

impl RoomState {
    pub fn as_str(self) -> &'static str {
        match self {
            RoomState::Free => "free",
            RoomState::InSession => "in_session",
            RoomState::Reserved => "reserved",
            RoomState::OutOfService => "out_of_service",
        }
    }
}

/// A walk-in session may not start in a room whose reservation begins within this time,
/// and a reservation may not begin within this time of now while a session is in the room.
pub const RESERVATION_GUARD: Duration = Duration::minutes(30);

/// Minutes after its start an unclaimed reservation is released (the default; configurable).
pub const DEFAULT_UNCLAIMED_MIN: i64 = 15;

impl RoomView {
    /// Out of service, else in session, else reserved (a reservation starts within the
    /// guard or has started and is not yet claimed), else free.
    pub fn state(&self, now: DateTime<Utc>) -> RoomState {
        if self.out_of_service.is_some() {
            RoomState::OutOfService
        } else if self.session.is_some() {
            RoomState::InSession
        } else if self
            .next_reservation
            .as_ref()
            .is_some_and(|r| r.starts_at - now <= RESERVATION_GUARD && r.ends_at > now)
        {
            RoomState::Reserved
        } else {
            RoomState::Free
        }
    }

    /// Minutes the session has run.
    pub fn session_minutes(&self, now: DateTime<Utc>) -> Option<i64> {
        self.session
            .as_ref()
            .map(|s| (now - s.started_at).num_minutes().max(0))
    }
}

/// Who must sit in the room: the applicants (a group visit counts its persons), the other
/// parties, one officer of each summoned department, and the mediator.
pub fn persons_needed(
    applicants: i32,
    group_persons: i32,
    other_parties: i32,
    departments: i32,
) -> i32 {
    applicants.max(group_persons).max(1) + other_parties.max(0) + departments.max(0) + 1
}

/// Why a room cannot be given to a case now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    OutOfService {
        reason: String,
    },
    InSession {
        case_no: String,
    },
    /// A reservation of another case starts within the guard (or has started).
    Reserved {
        case_no: String,
        at: DateTime<Utc>,
    },
    WrongKind,
    TooSmall {
        needed: i32,
        seats: i32,
    },
}

/// Whether `room` can take `case_id`'s session of `kind` for `persons` now.
pub fn check_room(
    room: &RoomView,
    case_id: Uuid,
    kind: RoomKind,
    persons: i32,
    now: DateTime<Utc>,
) -> Result<(), Unavailable> {
    use super::room::Misfit;
    if let Some((_, reason)) = &room.out_of_service {
        return Err(Unavailable::OutOfService {
            reason: reason.clone(),
        });
    }
    if let Some(s) = &room.session {
        return Err(Unavailable::InSession {
            case_no: s.case_no.clone(),
        });
    }
    if let Some(r) = &room.next_reservation
        && r.case_id != case_id
        && r.starts_at - now < RESERVATION_GUARD
        && r.ends_at > now
    {
        return Err(Unavailable::Reserved {
            case_no: r.case_no.clone(),
            at: r.starts_at,
        });
    }
    room.room.fits(kind, persons).map_err(|m| match m {
        Misfit::WrongKind { .. } => Unavailable::WrongKind,
        Misfit::TooSmall { needed, seats } => Unavailable::TooSmall { needed, seats },
    })
}

/// The rooms to propose, best first: those free now that fit the kind and hold everyone,
/// the nearest fit (fewest empty seats) first, a room of the exact kind before a studio,
/// then by name.
pub fn propose(
    rooms: &[RoomView],
    case_id: Uuid,
    kind: RoomKind,
    persons: i32,
    now: DateTime<Utc>,
) -> Vec<&RoomView> {
    let mut fit: Vec<&RoomView> = rooms
        .iter()
        .filter(|r| check_room(r, case_id, kind, persons, now).is_ok())
        .collect();
    fit.sort_by(|a, b| {
        (a.room.capacity - persons, a.room.kind != kind, &a.room.name).cmp(&(
            b.room.capacity - persons,
            b.room.kind != kind,
            &b.room.name,
        ))
    });
    fit
}

/// A mediator with what they are doing today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediatorLoad {
    pub mediator: super::Mediator,
    /// The room they are in session in now, if any.
    pub busy_in: Option<String>,
    /// Sessions they have started today (the current one included).
    pub sessions_today: i32,
}

/// How well a mediator's specialties match a case's category: the number of specialties
/// the category names ("劳动争议/欠薪" names both 劳动争议 and 欠薪), or a part of the
/// category naming a specialty ("物业纠纷" → 物业).
pub fn specialty_score(category: &str, specialties: &[String]) -> u32 {
    let parts: Vec<&str> = category
        .split(['/', '、', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    specialties
        .iter()
        .filter(|s| {
            !s.is_empty() && (category.contains(s.as_str()) || parts.iter().any(|p| s.contains(p)))
        })
        .count() as u32
}

/// Mediators to suggest for a case, best first: those not in a session now, the best
/// specialty match first, then the lightest load today, then by name. Busy ones are left
/// out: a mediator cannot be in two sessions at once.
pub fn suggest_mediators<'a>(category: &str, pool: &'a [MediatorLoad]) -> Vec<&'a MediatorLoad> {
    let mut free: Vec<&MediatorLoad> = pool.iter().filter(|m| m.busy_in.is_none()).collect();
    free.sort_by(|a, b| {
        let key = |m: &MediatorLoad| {
            (
                std::cmp::Reverse(specialty_score(category, &m.mediator.specialties)),
                m.sessions_today,
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.mediator.name.cmp(&b.mediator.name))
    });
    free
}

/// The slots a room kind is reserved in: opening hours (Beijing time) and slot length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotRules {
    pub hours: [(NaiveTime, NaiveTime); 2],
    pub slot_min: i64,
}

const fn hm(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(t) => t,
        None => NaiveTime::MIN,
    }
}

/// Legal aid (the lawyer on duty) takes 30-minute slots, counselling (by appointment)
/// 60-minute ones, 09:00–12:00 and 14:00–17:30. Other rooms are not reserved: they take
/// walk-in sessions.
pub fn slot_rules(kind: RoomKind) -> Option<SlotRules> {
    let hours = [(hm(9, 0), hm(12, 0)), (hm(14, 0), hm(17, 30))];
    match kind {
        RoomKind::LegalAid => Some(SlotRules {
            hours,
            slot_min: 30,
        }),
        RoomKind::Counselling => Some(SlotRules {
            hours,
            slot_min: 60,
        }),
        _ => None,
    }
}

/// The first slot of a reservable kind that starts after `now` on a working day (today or,
/// after hours, the next working day's first — never a weekend or a holiday), for the
/// reservation prompt to start from.
pub fn next_slot(
    kind: RoomKind,
    now: DateTime<Utc>,
    calendar: &crate::domain::WorkCalendar,
) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let rules = slot_rules(kind)?;
    let today = now.with_timezone(&TZ).date_naive();
    // A long holiday (Spring Festival) is still well under a month.
    let days = today
        .iter_days()
        .take(40)
        .filter(|d| calendar.is_working_day(*d));
    for day in days {
        for (open, close) in rules.hours {
            let mut t = open;
            while t + Duration::minutes(rules.slot_min) <= close {
                let at = TZ
                    .from_local_datetime(&day.and_time(t))
                    .earliest()?
                    .with_timezone(&Utc);
                if at > now {
                    return Some(at);
                }
                t += Duration::minutes(rules.slot_min);
            }
        }
    }
    None
}

/// Why a reservation is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReservationRefused {
    /// Only legal-aid and counselling rooms take reservations.
    NotReservable,
    /// Not at the start of a slot within the opening hours.
    NotASlot {
        slot_min: i64,
    },
    InThePast,
    OutOfService {
        reason: String,
    },
    /// Another reservation overlaps.
    Overlaps {
        case_no: String,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    /// A walk-in session is in the room and the reservation would start within the guard.
    SessionInRoom {
        case_no: String,
    },
}

/// Checks a reservation of `room` from `start` for one slot, against the room's other
/// reservations and its session now. Returns the slot's end.
pub fn check_reservation(
    room: &RoomView,
    others: &[Reservation],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ReservationRefused> {
    let rules = slot_rules(room.room.kind).ok_or(ReservationRefused::NotReservable)?;
    if let Some((_, reason)) = &room.out_of_service {
        return Err(ReservationRefused::OutOfService {
            reason: reason.clone(),
        });
    }
    let end = start + Duration::minutes(rules.slot_min);
    let local = start.with_timezone(&TZ).time();
    let local_end = end.with_timezone(&TZ).time();
    let on_boundary = local.second() == 0
        && rules.hours.iter().any(|&(open, close)| {
            local >= open
                && local_end <= close
                && local_end > local
                && (local - open).num_minutes() % rules.slot_min == 0
        });
    if !on_boundary {
        return Err(ReservationRefused::NotASlot {
            slot_min: rules.slot_min,
        });
    }
    if end <= now {
        return Err(ReservationRefused::InThePast);
    }
    if let Some(r) = others
        .iter()
        .find(|r| r.room_id == room.room.id && r.starts_at < end && start < r.ends_at)
    {
        return Err(ReservationRefused::Overlaps {
            case_no: r.case_no.clone(),
            from: r.starts_at,
            to: r.ends_at,
        });
    }
    if let Some(s) = &room.session
        && start - now < RESERVATION_GUARD
    {
        return Err(ReservationRefused::SessionInRoom {
            case_no: s.case_no.clone(),
        });
    }
    Ok(end)
}

/// An unclaimed reservation is released this long after its start.
pub fn unclaimed(r: &Reservation, now: DateTime<Utc>, after: Duration) -> bool {
    now > r.starts_at + after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Mediator;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn room(name: &str, kind: RoomKind, capacity: i32) -> RoomView {
        RoomView {
            room: Room {
                id: Uuid::now_v7(),
                centre_id: Uuid::nil(),
                name: name.into(),
                kind,
                capacity,
            },
            out_of_service: None,
            session: None,
            next_reservation: None,
        }
    }

    fn session(case_no: &str) -> Session {
        Session {
            booking_id: Uuid::now_v7(),
            case_id: Uuid::now_v7(),
            case_no: case_no.into(),
            mediator_id: None,
            mediator: None,
            started_at: at(9, 0),
            booked_by: None,
        }
    }

    fn reservation(room: &RoomView, case_no: &str, from: DateTime<Utc>, min: i64) -> Reservation {
        Reservation {
            id: Uuid::now_v7(),
            room_id: room.room.id,
            case_id: Uuid::now_v7(),
            case_no: case_no.into(),
            starts_at: from,
            ends_at: from + Duration::minutes(min),
            reserved_by: "窗口".into(),
        }
    }

    #[test]
    fn scenario_one_needs_sixteen_seats() {
        // 12 workers (one applicant named, the group counted), the company, 人社局 and
        // 住建局, and the mediator.
        assert_eq!(persons_needed(1, 12, 1, 2), 16);
        assert_eq!(persons_needed(2, 0, 1, 0), 4);
    }

    #[test]
    fn the_nearest_fit_comes_first_and_busy_or_small_rooms_are_left_out() {
        let mut rooms = vec![
            room("第一调解室", RoomKind::Mediation, 24),
            room("第二调解室", RoomKind::Mediation, 16),
            room("第三调解室", RoomKind::Mediation, 10),
            room("大会议室", RoomKind::Mediation, 40),
            room("老娘舅工作室", RoomKind::Studio, 16),
            room("法律援助室", RoomKind::LegalAid, 20),
        ];
        let case = Uuid::now_v7();
        let names = |rooms: &[RoomView]| {
            propose(rooms, case, RoomKind::Mediation, 16, at(9, 45))
                .iter()
                .map(|r| r.room.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&rooms),
            ["第二调解室", "老娘舅工作室", "第一调解室", "大会议室"]
        );
        rooms[1].session = Some(session("YD1"));
        rooms[4].out_of_service = Some((at(8, 0), "空调维修".into()));
        assert_eq!(names(&rooms), ["第一调解室", "大会议室"]);
    }

    #[test]
    fn a_room_reserved_soon_for_another_case_is_not_proposed() {
        let mut r = room("心理咨询室", RoomKind::Counselling, 4);
        let res = reservation(&r, "YD9", at(14, 0), 60);
        let theirs = res.case_id;
        r.next_reservation = Some(res);
        let mine = Uuid::now_v7();
        assert_eq!(
            check_room(&r, mine, RoomKind::Counselling, 2, at(13, 40)),
            Err(Unavailable::Reserved {
                case_no: "YD9".into(),
                at: at(14, 0)
            })
        );
        assert_eq!(r.state(at(13, 40)), RoomState::Reserved);
        // Free until half an hour before, and free for the case it is reserved for.
        assert!(check_room(&r, mine, RoomKind::Counselling, 2, at(13, 0)).is_ok());
        assert_eq!(r.state(at(13, 0)), RoomState::Free);
        assert!(check_room(&r, theirs, RoomKind::Counselling, 2, at(13, 55)).is_ok());
    }

    #[test]
    fn mediators_by_specialty_then_load_and_never_one_in_session() {
        let m = |name: &str, specialties: &[&str], busy: bool, today: i32| MediatorLoad {
            mediator: Mediator {
                id: Uuid::now_v7(),
                centre_id: Uuid::nil(),
                name: name.into(),
                specialties: specialties.iter().map(|s| s.to_string()).collect(),
                department_id: None,
                studio: None,
            },
            busy_in: busy.then(|| "第三调解室".to_string()),
            sessions_today: today,
        };
        let pool = vec![
            m("沈静", &["法律援助", "劳动争议", "工伤"], false, 0),
            m("赵国强", &["劳动争议", "欠薪", "工伤"], false, 2),
            m("孙丽", &["物业", "邻里纠纷"], false, 0),
            m("钱振华", &["劳动争议", "欠薪"], true, 0),
            m("吴海涛", &["劳动争议", "欠薪"], false, 1),
        ];
        let names: Vec<&str> = suggest_mediators("劳动争议/欠薪", &pool)
            .iter()
            .map(|m| m.mediator.name.as_str())
            .collect();
        assert_eq!(names, ["吴海涛", "赵国强", "沈静", "孙丽"]);
        assert_eq!(specialty_score("物业纠纷", &["物业".into()]), 1);
    }

    #[test]
    fn reservations_take_slots_and_refuse_overlaps_and_a_session_about_to_clash() {
        let r = room("心理咨询室", RoomKind::Counselling, 4);
        let now = at(10, 0);
        assert_eq!(check_reservation(&r, &[], at(14, 0), now), Ok(at(15, 0)));
        assert_eq!(
            check_reservation(&r, &[], at(14, 20), now),
            Err(ReservationRefused::NotASlot { slot_min: 60 })
        );
        assert_eq!(
            check_reservation(&r, &[], at(12, 30), now),
            Err(ReservationRefused::NotASlot { slot_min: 60 })
        );
        assert_eq!(
            check_reservation(&r, &[], at(9, 0), now),
            Err(ReservationRefused::InThePast)
        );
        let taken = reservation(&r, "YD7", at(14, 0), 60);
        assert!(matches!(
            check_reservation(&r, std::slice::from_ref(&taken), at(14, 0), now),
            Err(ReservationRefused::Overlaps { .. })
        ));
        assert!(check_reservation(&r, &[taken], at(15, 0), now).is_ok());
        let mut busy = r.clone();
        busy.session = Some(session("YD3"));
        assert_eq!(
            check_reservation(&busy, &[], at(11, 0), at(10, 45)),
            Err(ReservationRefused::SessionInRoom {
                case_no: "YD3".into()
            })
        );
        assert!(check_reservation(&busy, &[], at(14, 0), now).is_ok());
        let legal = room("法律援助室", RoomKind::LegalAid, 6);
        assert_eq!(
            check_reservation(&legal, &[], at(9, 30), now.with_hour(1).unwrap()),
            Ok(at(10, 0))
        );
        let mediation = room("第一调解室", RoomKind::Mediation, 24);
        assert_eq!(
            check_reservation(&mediation, &[], at(14, 0), now),
            Err(ReservationRefused::NotReservable)
        );
    }

    #[test]
    fn the_prompt_starts_from_the_next_slot() {
        let cal = crate::domain::WorkCalendar::builtin();
        assert_eq!(
            next_slot(RoomKind::Counselling, at(13, 10), &cal),
            Some(at(14, 0))
        );
        assert_eq!(
            next_slot(RoomKind::LegalAid, at(9, 10), &cal),
            Some(at(9, 30))
        );
        assert_eq!(next_slot(RoomKind::Mediation, at(9, 10), &cal), None);
    }

    #[test]
    fn after_hours_the_next_slot_is_on_the_next_working_day() {
        let cal = crate::domain::WorkCalendar::builtin();
        let local = |y, mo, d, h| TZ.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap().to_utc();
        // Friday evening: Monday morning, not Saturday.
        assert_eq!(
            next_slot(RoomKind::LegalAid, local(2026, 11, 27, 18), &cal),
            Some(local(2026, 11, 30, 9))
        );
        // New Year's Eve: not the holiday, not the weekend after it.
        assert_eq!(
            next_slot(RoomKind::Counselling, local(2026, 12, 31, 18), &cal),
            Some(local(2027, 1, 4, 9))
        );
    }

    #[test]
    fn an_unclaimed_reservation_goes_after_its_grace() {
        let r = room("法律援助室", RoomKind::LegalAid, 6);
        let res = reservation(&r, "YD1", at(14, 0), 30);
        let grace = Duration::minutes(DEFAULT_UNCLAIMED_MIN);
        assert!(!unclaimed(&res, at(14, 15), grace));
        assert!(unclaimed(&res, at(14, 16), grace));
    }
}
