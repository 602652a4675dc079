-- What partner banks learn of their applications' status changes: the events feed, their webhooks and the delivery log.

-- One row per status change, written in the transaction of the change (ApplicationWorkflow.SaveAsync and the submission).
-- position orders the table; tx_id is the writing transaction, so the feed serves a row only once every transaction that
-- could still commit a lower position has ended (positions are taken before commit, and commits do not come in order).
CREATE TABLE bank_events (
    position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             uuid        NOT NULL UNIQUE,               -- UUIDv7: what banks deduplicate on
    tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    bank_id        text        NOT NULL,
    application_id uuid        NOT NULL REFERENCES applications (id),
    type           text        NOT NULL,
    status_from    text        NOT NULL,
    status_to      text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    payload        jsonb       NOT NULL
);
CREATE INDEX bank_events_feed ON bank_events (bank_id, tx_id, position);
CREATE INDEX bank_events_application ON bank_events (application_id, position);

-- One webhook per bank. The secret signs deliveries (HMAC-SHA256), so it is kept as is; it is shown to the bank only once.
CREATE TABLE bank_webhooks (
    bank_id    text        PRIMARY KEY,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One delivery per bank event while the bank has a webhook (created with the event, in the same transaction).
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY,                  -- UUIDv7
    bank_id         text        NOT NULL,
    event_position  bigint      NOT NULL REFERENCES bank_events (position),
    state           text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NULL,                         -- pending: when the dispatcher may (re)try; a claim leases it ahead
    give_up_at      timestamptz NOT NULL,                     -- retries stop here (24 hours after creation or replay)
    last_status     integer     NULL,
    last_error      text        NULL,
    delivered_at    timestamptz NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_bank ON webhook_deliveries (bank_id, id);

CREATE TABLE webhook_attempts (
    delivery_id  uuid        NOT NULL REFERENCES webhook_deliveries (id),
    number       integer     NOT NULL,
    attempted_at timestamptz NOT NULL,
    status_code  integer     NULL,                            -- null: no HTTP answer (connection refused, timeout, refused address)
    error        text        NULL,
    duration_ms  integer     NOT NULL,
    PRIMARY KEY (delivery_id, number)
);
