-- The platform's own tables, present in every service database (module "platform").

-- Transactional outbox: written in the same transaction as the state change, published by the relay.
CREATE TABLE IF NOT EXISTS outbox_messages (
    id            uuid PRIMARY KEY,             -- becomes the message id: consumers' inboxes key on it
    message_type  text        NOT NULL,
    payload       jsonb       NOT NULL,
    trace_parent  text        NULL,             -- W3C traceparent of the request that caused the message
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz NULL,
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text        NULL
);
CREATE INDEX IF NOT EXISTS outbox_messages_pending ON outbox_messages (id) WHERE published_at IS NULL;

-- Inbox: a consumer records each message id in the same transaction as its effect; a redelivery finds it.
CREATE TABLE IF NOT EXISTS inbox_messages (
    message_id   uuid        NOT NULL,
    consumer     text        NOT NULL,
    message_type text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);

-- Audit trail: who changed what, when, before and after; written in the transaction of the change.
CREATE TABLE IF NOT EXISTS audit_log (
    id          uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id    text        NOT NULL,
    actor_role  text        NULL,
    scope       text        NULL,                -- ward or bank the actor acted in
    action      text        NOT NULL,
    entity_type text        NOT NULL,
    entity_id   text        NOT NULL,
    before      jsonb       NULL,
    after       jsonb       NULL,
    trace_id    text        NULL
);
CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log (entity_type, entity_id, occurred_at);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor_id, occurred_at);
