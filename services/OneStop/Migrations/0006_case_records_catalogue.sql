-- Case records (consultations, notes, milestones), catalogue editing, the SLA pause and the daily overdue run
-- (docs/onestop-rules.md "Case records, catalogue editing, SLA pause, overdue run").

-- Consultation records: hearing → theme → proposal → follow-up, by channel, by whom, what was said.
CREATE TABLE case_consultations (
    id          uuid        PRIMARY KEY,
    case_id     uuid        NOT NULL REFERENCES cases (id),
    stage       text        NOT NULL CHECK (stage IN ('hearing', 'theme', 'proposal', 'follow-up')),
    channel     text        NOT NULL CHECK (channel IN ('counter', 'phone', 'online')),
    staff       text        NOT NULL,
    text        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX case_consultations_case ON case_consultations (case_id, occurred_at, id);

-- Free notes on a case.
CREATE TABLE case_notes (
    id          uuid        PRIMARY KEY,
    case_id     uuid        NOT NULL REFERENCES cases (id),
    text        text        NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, recorded_at, id);

-- Outcomes of a case for its enterprise: one figure per kind (jobs for jobs-created, CNY for the amounts, none for
-- business-started); the enterprise and ward are copied so statistics need no join.
CREATE TABLE case_milestones (
    id            uuid          PRIMARY KEY,
    case_id       uuid          NOT NULL REFERENCES cases (id),
    enterprise_id uuid          NOT NULL,
    ward          text          NOT NULL,
    kind          text          NOT NULL CHECK (kind IN ('business-started', 'jobs-created', 'sales-increase', 'capital-raised')),
    jobs          integer       CHECK (jobs > 0),
    amount_cny    numeric(14,2) CHECK (amount_cny > 0),
    achieved_on   date          NOT NULL,
    evidence      text          NOT NULL,
    recorded_by   text          NOT NULL,
    recorded_at   timestamptz   NOT NULL,
    CHECK ((kind = 'jobs-created') = (jobs IS NOT NULL)),
    CHECK ((kind IN ('sales-increase', 'capital-raised')) = (amount_cny IS NOT NULL))
);
CREATE INDEX case_milestones_case ON case_milestones (case_id, achieved_on, id);
-- A business starts once.
CREATE UNIQUE INDEX case_milestones_business_started ON case_milestones (case_id) WHERE kind = 'business-started';

-- Who published each catalogue version (the seeded presets have none).
ALTER TABLE procedures ADD COLUMN published_by text;

-- The daily overdue run flags a case once (the flag is a recorded breach of the SLA and stays), and records each
-- working day it ran so that of two instances only one runs a day (the primary key serialises them).
ALTER TABLE cases ADD COLUMN overdue_since timestamptz;
CREATE INDEX cases_overdue_flagged ON cases (ward, due_by) WHERE overdue_since IS NOT NULL;

CREATE TABLE scheduled_job_runs (
    job        text        NOT NULL,
    run_date   date        NOT NULL,   -- the working day (Asia/Shanghai) the run was for
    started_at timestamptz NOT NULL,
    flagged    integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (job, run_date)
);
