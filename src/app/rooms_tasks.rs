//! The store work behind the rooms tab and the allocate form. Runs in the store tasks,
//! never in the render loop; the rooms themselves are read with the board after each change.

use super::action::{Action, Command};
use super::tasks::Ctx;
use crate::store::StoreError;

pub async fn run(ctx: &Ctx, cmd: Command) -> Action {
    let loc = ctx.lang.locale();
    let t = |key: &str| rust_i18n::t!(key, locale = loc).into_owned();
    let stamp = ctx.stamp();
    let refused = |e: StoreError, room_id| {
        if e.is_transient() {
            Action::StoreLost
        } else {
            Action::RoomRefused {
                message: e.message(ctx.lang),
                room_id,
            }
        }
    };
    match cmd {
        Command::LoadAllocation { case_id, transfer } => {
            match ctx.store.allocation_input(case_id).await {
                Ok(input) => Action::AllocationReady {
                    input: Box::new(input),
                    transfer,
                },
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::AllocateRoom {
            case_id,
            room_id,
            mediator_id,
        } => match ctx
            .store
            .allocate_room(case_id, room_id, mediator_id, &stamp)
            .await
        {
            Ok(_) => Action::Done(t("rooms.allocated")),
            Err(e) => refused(e, Some(room_id)),
        },
        Command::TransferSession {
            booking_id,
            room_id,
        } => match ctx
            .store
            .transfer_session(booking_id, room_id, &stamp)
            .await
        {
            Ok(_) => Action::Done(t("rooms.transferred")),
            Err(e) => refused(e, Some(room_id)),
        },
        Command::ReleaseSession {
            booking_id,
            outcome,
        } => match ctx
            .store
            .release_session(booking_id, &outcome, &stamp)
            .await
        {
            Ok(()) => Action::Done(t("rooms.released")),
            Err(e) => refused(e, None),
        },
        Command::SetOutOfService { room_id, reason } => {
            let out = reason.is_some();
            match ctx
                .store
                .set_out_of_service(room_id, reason.as_deref(), &stamp)
                .await
            {
                Ok(()) => Action::Done(t(if out {
                    "rooms.now_out_of_service"
                } else {
                    "rooms.back_in_service"
                })),
                Err(e) => refused(e, Some(room_id)),
            }
        }
        Command::ReserveRoom {
            room_id,
            case_id,
            starts_at,
        } => match ctx
            .store
            .reserve_room(room_id, case_id, starts_at, &stamp)
            .await
        {
            Ok(_) => Action::Done(t("rooms.reserved")),
            Err(e) => refused(e, Some(room_id)),
        },
        Command::ClaimReservation {
            reservation_id,
            mediator_id,
        } => match ctx
            .store
            .claim_reservation(reservation_id, mediator_id, &stamp)
            .await
        {
            Ok(_) => Action::Done(t("rooms.claimed")),
            Err(e) => refused(e, None),
        },
        Command::ReleaseUnclaimed { after } => {
            // A sweep says nothing unless it fails: the rooms tab shows the result.
            match ctx
                .store
                .release_unclaimed_reservations(ctx.centre.id, after, &ctx.sweep_stamp())
                .await
            {
                // What it wrote comes back through the change feed.
                Ok(_) => Action::Changed(Vec::new()),
                Err(e) if e.is_transient() => Action::StoreLost,
                Err(e) => Action::Failed(e.message(ctx.lang)),
            }
        }
        other => Action::Failed(format!("not a rooms command: {other:?}")),
    }
}
