-- What the programme delivered, one row per fact an event of another service reported (a case opened, a guarantee
-- issued, a diagnosis completed …). The inbox makes a redelivered event harmless; the figures read these rows only,
-- never the other services. subject_id is what a figure counts once (the case, the referral, the contract): an event
-- told once per side of a partnership gives two rows with one subject. ward is the event's own when it carries one;
-- otherwise the figures take the register's (registered_enterprises). enterprise_id is null only for the replies to a
-- referral, which name the referral alone: the referral_sent row of the same subject names the enterprise.
CREATE TABLE programme_facts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fact          text        NOT NULL,
    event_kind    text        NOT NULL,
    subject_id    uuid        NOT NULL,
    enterprise_id uuid,
    ward          text,
    detail        text        NOT NULL DEFAULT '',
    quantity      bigint,
    amount        numeric,
    occurred_at   timestamptz NOT NULL
);
CREATE INDEX programme_facts_occurred ON programme_facts (occurred_at) INCLUDE (fact, detail);
CREATE INDEX programme_facts_referrals ON programme_facts (subject_id) WHERE fact = 'referral_sent';
