-- Figures (统计) and the monthly reverse ranking (逆排名).
-- A case keeps how it was settled (resolved, failed, referred, explained, withdrawn) and when,
-- after it is closed: closing overwrites `state`, and every rate needs the outcome. A trigger
-- keeps them, whatever code path moves the state.
ALTER TABLE cases ADD COLUMN settled_as TEXT;
ALTER TABLE cases ADD COLUMN settled_at TIMESTAMPTZ;
-- The township of the first applicant's address (城关镇…, 柳林乡…, …街道), for the breakdown
-- and the township ranking.
ALTER TABLE cases ADD COLUMN township TEXT;
-- The Beijing day of intake: periods and the daily sparkline group by it.
ALTER TABLE cases ADD COLUMN received_day DATE GENERATED ALWAYS AS ((received_at AT TIME ZONE 'Asia/Shanghai')::date) STORED;

UPDATE cases SET settled_as = CASE
        WHEN state IN ('resolved', 'failed', 'referred', 'explained', 'withdrawn') THEN state
        WHEN agreement_no IS NOT NULL THEN 'resolved'
        WHEN litigation_track IS NOT NULL THEN 'referred'
        WHEN explained_at IS NOT NULL THEN 'explained'
    END,
    settled_at = COALESCE(closed_at, updated_at)
WHERE state IN ('resolved', 'failed', 'referred', 'explained', 'withdrawn', 'closed', 'followed_up');

UPDATE cases SET township = (
    SELECT CASE
        WHEN strpos(p.address, '街道') BETWEEN 2 AND 9 THEN substr(p.address, 1, strpos(p.address, '街道') + 1)
        WHEN strpos(p.address, '镇') BETWEEN 2 AND 9 THEN substr(p.address, 1, strpos(p.address, '镇'))
        WHEN strpos(p.address, '乡') BETWEEN 2 AND 9 THEN substr(p.address, 1, strpos(p.address, '乡'))
    END
    FROM parties p WHERE p.case_id = cases.id AND p.role = 'applicant' ORDER BY p.seq LIMIT 1);

CREATE FUNCTION cases_settled() RETURNS trigger AS $$
BEGIN
    IF NEW.state IN ('resolved', 'failed', 'referred', 'explained', 'withdrawn')
       AND NEW.state IS DISTINCT FROM OLD.state THEN
        NEW.settled_as := NEW.state;
        NEW.settled_at := NEW.updated_at;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cases_settled BEFORE UPDATE OF state ON cases
FOR EACH ROW EXECUTE FUNCTION cases_settled();

CREATE INDEX cases_centre_day ON cases (centre_id, received_day);
CREATE INDEX cases_centre_closed ON cases (centre_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX cases_centre_reply_due ON cases (centre_id, reply_due);
CREATE INDEX follow_ups_case ON follow_ups (case_id, at);
CREATE INDEX follow_ups_at ON follow_ups (at);
CREATE INDEX case_escalations_at ON case_escalations (at);

-- Residents per township, loaded by the administrator (`yidi population set`): the township
-- ranking counts cases per 10,000 residents. A new figure replaces the old; the journal keeps both.
CREATE TABLE townships (
    name TEXT PRIMARY KEY,
    population BIGINT NOT NULL CHECK (population > 0),
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE FUNCTION townships_never_deleted() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'townships are never deleted'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER townships_never_deleted BEFORE DELETE ON townships
FOR EACH ROW EXECUTE FUNCTION townships_never_deleted();
