-- Guarantee applications from partner banks, their workflow history, and the banks' idempotency keys.
CREATE TABLE applications (
    id                    uuid          PRIMARY KEY,              -- UUIDv7, server-assigned
    bank_id               text          NOT NULL,
    bank_application_key  text          NOT NULL,                 -- the bank's own key: resubmission never duplicates
    enterprise_id         uuid          NOT NULL,                 -- resolved through OneStop's register (gRPC)
    uscc                  text          NOT NULL,
    enterprise_name       text          NOT NULL,
    ward                  text          NOT NULL,
    industry_code         text          NOT NULL,
    loan_amount           numeric(18,2) NOT NULL CHECK (loan_amount > 0),
    currency              text          NOT NULL DEFAULT 'CNY',
    term_months           integer       NOT NULL CHECK (term_months > 0),
    purpose               text          NOT NULL,
    purpose_detail        text          NULL,
    programme             text          NOT NULL,
    instalment_type       text          NOT NULL,
    instalments           integer       NOT NULL,
    requested_coverage    numeric(6,4)  NOT NULL,
    collateral            jsonb         NOT NULL DEFAULT '[]',
    financial_statements  jsonb         NOT NULL DEFAULT '[]',
    consent_diagnosis     boolean       NOT NULL DEFAULT false,
    consent_counselling   boolean       NOT NULL DEFAULT false,
    state                 text          NOT NULL,
    examiner              text          NULL,
    second_examiner       text          NULL,
    screening             jsonb         NULL,                     -- every rule with its outcome, and the configuration used
    proposed_decision     jsonb         NULL,                     -- an approval awaiting the second examiner (four-eyes)
    decision              jsonb         NULL,                     -- outcome, coverage, fee, reasons, configuration id + version
    information_request   text          NULL,                     -- the open question to the bank, if any
    guaranteed_amount     numeric(18,2) NULL,
    conditions            jsonb         NOT NULL DEFAULT '[]',
    disbursement          jsonb         NULL,
    outstanding           numeric(18,2) NOT NULL DEFAULT 0,
    claim_filed           numeric(18,2) NOT NULL DEFAULT 0,
    claim_paid            numeric(18,2) NOT NULL DEFAULT 0,
    recovered             numeric(18,2) NOT NULL DEFAULT 0,
    configuration_id      text          NOT NULL,
    configuration_version integer       NOT NULL,
    submitted_at          timestamptz   NOT NULL,
    updated_at            timestamptz   NOT NULL,
    row_version           integer       NOT NULL DEFAULT 1,       -- optimistic concurrency: every update checks and bumps it
    CONSTRAINT applications_bank_key UNIQUE (bank_id, bank_application_key)
);
-- A bank's feed (updatedSince + cursor), the examiners' queue, screening's look-ups by enterprise and the exposure sums.
CREATE INDEX applications_bank_updated ON applications (bank_id, updated_at, id);
CREATE INDEX applications_queue ON applications (state, submitted_at, id);
CREATE INDEX applications_enterprise ON applications (enterprise_id, submitted_at);

-- Every state transition with its actor, in order (ids are UUIDv7).
CREATE TABLE application_history (
    id             uuid        PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES applications (id),
    from_state     text        NOT NULL,
    to_state       text        NOT NULL,
    action         text        NOT NULL,
    actor_id       text        NOT NULL,
    actor_role     text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    note           text        NOT NULL
);
CREATE INDEX application_history_application ON application_history (application_id, id);

-- Idempotency keys of partner banks' writes: the first successful answer is kept and replayed for the same key and
-- body; the same key with another body is refused. A key is recorded only in the transaction that created the
-- application, so a refused or failed attempt (validation, register unavailable) never consumes it.
CREATE TABLE idempotency_keys (
    bank_id         text        NOT NULL,
    idempotency_key text        NOT NULL,
    operation       text        NOT NULL,
    request_hash    text        NOT NULL,
    response_status integer     NOT NULL,
    response_body   text        NOT NULL,
    resource_id     uuid        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bank_id, idempotency_key)
);
