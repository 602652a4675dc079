-- Rule-set editing with its reclassification job, merge of duplicate entries, and Idempotency-Key on registration.

-- Versions are numbered per jurisdiction (GET /api/onestop/size-rule-sets/{version} names one), whatever the set's id.
CREATE UNIQUE INDEX size_rule_sets_jurisdiction_version ON size_rule_sets (jurisdiction, version);

-- One job per published version reclassifies the whole register in keyset batches, one transaction per batch. The
-- batch commits its progress (last_enterprise_id) with its effect, so a restarted worker continues after the last
-- committed batch. A newer version supersedes a job still running: its own job covers every enterprise.
CREATE TABLE reclassification_jobs (
    id                 uuid        PRIMARY KEY,
    rule_set_id        text        NOT NULL,
    rule_set_version   integer     NOT NULL,
    status             text        NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'superseded')),
    total              integer     NOT NULL,            -- enterprises in the register when the version was published
    processed          integer     NOT NULL DEFAULT 0,  -- enterprises read so far (every batch, in id order)
    reclassified       integer     NOT NULL DEFAULT 0,  -- of those, entries whose class, version or reason was rewritten
    changed            integer     NOT NULL DEFAULT 0,  -- of those, entries whose class changed (EnterpriseReclassified)
    batches            integer     NOT NULL DEFAULT 0,
    last_enterprise_id uuid        NULL,
    requested_by       text        NOT NULL,
    created_at         timestamptz NOT NULL,
    started_at         timestamptz NULL,
    finished_at        timestamptz NULL,
    updated_at         timestamptz NOT NULL,
    last_error         text        NULL,
    FOREIGN KEY (rule_set_id, rule_set_version) REFERENCES size_rule_sets (id, version),
    CONSTRAINT reclassification_jobs_one_per_version UNIQUE (rule_set_id, rule_set_version)
);
-- At most one job is open at a time.
CREATE UNIQUE INDEX reclassification_jobs_one_open ON reclassification_jobs ((true)) WHERE status IN ('pending', 'running');

-- Merge of true duplicates: the survivor's merged entries are found from the survivor.
CREATE INDEX enterprises_merged_into ON enterprises (merged_into) WHERE merged_into IS NOT NULL;

-- Idempotency-Key of registrations (the same shape as CreditGuarantee's idempotency_keys, keyed by caller instead of
-- bank). The key is reserved in the registration's transaction and completed with the answer before commit.
CREATE TABLE idempotency_keys (
    caller_id        text        NOT NULL,
    idempotency_key  text        NOT NULL,
    operation        text        NOT NULL,
    request_hash     text        NOT NULL,
    response_status  integer     NOT NULL,
    response_body    text        NOT NULL,
    resource_id      uuid        NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caller_id, idempotency_key)
);
