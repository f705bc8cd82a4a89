-- Outcomes and the court link (诉调对接): the agreement, judicial confirmation, and the
-- litigation track a failed or unsuitable case is referred to.
ALTER TABLE cases ADD COLUMN agreement_no TEXT;
ALTER TABLE cases ADD COLUMN judicial_confirmation TEXT CHECK (judicial_confirmation IN ('requested', 'granted', 'refused'));
ALTER TABLE cases ADD COLUMN litigation_track TEXT CHECK (litigation_track IN ('fast_track', 'priority_filing'));
