-- Rooms (调解室分配): a room can be out of service (a state, with its reason; the journal
-- keeps the history), a session carries its mediator, who booked it and how it ended, and
-- legal-aid and counselling rooms take reservations for a time slot.
ALTER TABLE rooms ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE rooms ADD COLUMN out_of_service_since TEXT;
ALTER TABLE rooms ADD COLUMN out_of_service_reason TEXT;

ALTER TABLE room_bookings ADD COLUMN mediator_id BLOB REFERENCES mediators(id);
ALTER TABLE room_bookings ADD COLUMN booked_by TEXT;
ALTER TABLE room_bookings ADD COLUMN outcome TEXT;
ALTER TABLE room_bookings ADD COLUMN reservation_id BLOB;
-- A mediator sits in one session at a time, and a case is in one room at a time.
CREATE UNIQUE INDEX room_bookings_mediator_one_active ON room_bookings (mediator_id)
    WHERE released_at IS NULL AND mediator_id IS NOT NULL;
CREATE UNIQUE INDEX room_bookings_case_one_active ON room_bookings (case_id) WHERE released_at IS NULL;
CREATE INDEX room_bookings_centre_started ON room_bookings (centre_id, started_at);

CREATE TABLE reservations (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    room_id BLOB NOT NULL REFERENCES rooms(id),
    case_id BLOB NOT NULL REFERENCES cases(id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    reserved_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    claimed_at TEXT,
    booking_id BLOB REFERENCES room_bookings(id),
    released_at TEXT,
    release_reason TEXT,
    version INTEGER NOT NULL
);
CREATE INDEX reservations_room_starts ON reservations (room_id, starts_at);
CREATE INDEX reservations_centre_open ON reservations (centre_id, starts_at) WHERE claimed_at IS NULL AND released_at IS NULL;
CREATE TRIGGER reservations_never_deleted BEFORE DELETE ON reservations
BEGIN SELECT RAISE(ABORT, 'reservations are never deleted; release them'); END;
CREATE TRIGGER room_bookings_never_deleted BEFORE DELETE ON room_bookings
BEGIN SELECT RAISE(ABORT, 'room bookings are never deleted; release them'); END;
