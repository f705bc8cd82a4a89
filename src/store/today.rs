//! The day at a glance, for the wallboard: today's figures and what each room holds now.

use super::{Result, Store, read};
use crate::domain::clock::day_start;
use crate::domain::room::RoomKind;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

/// Today's figures. Late summonses are counted from the board's own rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayFigures {
    /// Cases received today, by every channel.
    pub received: i64,
    /// Residents' cases in the building now: a ticket waiting or at a window, or a session
    /// in a room.
    pub on_site: i64,
    /// Immediate cases received today and already closed (the on-site resolution count).
    pub solved_on_site: i64,
}

/// A room and the session in it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomUse {
    pub name: String,
    pub kind: RoomKind,
    pub capacity: i32,
    /// The case in session and since when.
    pub session: Option<(String, DateTime<Utc>)>,
    /// The session's mediator, if one was chosen.
    pub mediator: Option<String>,
    /// Out of service (a state with its reason, not a session).
    pub out_of_service: bool,
}

#[derive(sqlx::FromRow)]
struct RoomUseRow {
    name: String,
    kind: String,
    capacity: i32,
    case_no: Option<String>,
    started_at: Option<DateTime<Utc>>,
    mediator: Option<String>,
    out_of_service_since: Option<DateTime<Utc>>,
}

impl Store {
    pub async fn day_figures(&self, centre_id: Uuid, day: NaiveDate) -> Result<DayFigures> {
        let from = day_start(day);
        let to = from + Duration::days(1);
        let (received, on_site, solved_on_site): (i64, i64, i64) = read!(self, pool => {
            sqlx::query_as(
                "SELECT \
                   (SELECT COUNT(*) FROM cases WHERE centre_id = $1 AND received_at >= $2 AND received_at < $3), \
                   (SELECT COUNT(*) FROM ( \
                      SELECT case_id FROM tickets WHERE centre_id = $1 AND day = $4 AND state IN ('waiting', 'called') \
                      UNION SELECT case_id FROM room_bookings WHERE centre_id = $1 AND released_at IS NULL) x), \
                   (SELECT COUNT(*) FROM cases WHERE centre_id = $1 AND received_at >= $2 AND received_at < $3 \
                      AND handling = 'immediate' AND closed_at IS NOT NULL)",
            )
            .bind(centre_id)
            .bind(from)
            .bind(to)
            .bind(day)
            .fetch_one(pool)
            .await?
        });
        Ok(DayFigures {
            received,
            on_site,
            solved_on_site,
        })
    }

    /// Every room in service, by name, with the session it holds now.
    pub async fn room_use(&self, centre_id: Uuid) -> Result<Vec<RoomUse>> {
        let rows: Vec<RoomUseRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT r.name, r.kind, r.capacity, c.case_no, b.started_at, m.name AS mediator, \
                   r.out_of_service_since FROM rooms r \
                 LEFT JOIN room_bookings b ON b.room_id = r.id AND b.released_at IS NULL \
                 LEFT JOIN cases c ON c.id = b.case_id \
                 LEFT JOIN mediators m ON m.id = b.mediator_id \
                 WHERE r.centre_id = $1 AND r.active ORDER BY r.name",
            )
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                let kind = RoomKind::parse(&r.kind).ok_or_else(|| {
                    super::StoreError::Corrupt(format!("unknown room kind {:?}", r.kind))
                })?;
                Ok(RoomUse {
                    name: r.name,
                    kind,
                    capacity: r.capacity,
                    session: r.case_no.zip(r.started_at),
                    mediator: r.mediator,
                    out_of_service: r.out_of_service_since.is_some(),
                })
            })
            .collect()
    }
}
