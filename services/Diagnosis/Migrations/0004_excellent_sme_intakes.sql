-- The excellent-SME programme's intakes: an enterprise joins once; the criteria it met are kept as they were when chosen.
CREATE TABLE excellent_sme_intakes (
    enterprise_id  uuid         PRIMARY KEY,
    intake_year    integer      NOT NULL,
    diagnosis_id   uuid         NOT NULL,
    ward           text         NOT NULL,
    position       integer      NOT NULL,
    criteria       jsonb        NOT NULL,
    selected_by    text         NOT NULL,
    selected_at    timestamptz  NOT NULL
);

CREATE INDEX excellent_sme_intakes_by_year ON excellent_sme_intakes (intake_year);
