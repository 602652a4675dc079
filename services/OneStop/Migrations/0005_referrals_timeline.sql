-- Closed-loop referrals and the one-enterprise timeline (docs/onestop-rules.md "Referrals", "Timeline").

-- A referral of a case to another service. The state and the transition log are the domain's
-- (services/OneStop/Domain/Referral.cs); the case keeps its own view of the referral in cases.referrals.
CREATE TABLE referrals (
    id                       uuid        PRIMARY KEY,
    case_id                  uuid        NOT NULL REFERENCES cases (id),
    enterprise_id            uuid        NOT NULL REFERENCES enterprises (id),
    ward                     text        NOT NULL,
    target                   text        NOT NULL CHECK (target IN ('CreditGuarantee', 'Diagnosis', 'PartnershipMatching')),
    note                     text        NOT NULL,
    state                    text        NOT NULL CHECK (state IN ('Sent', 'Accepted', 'InService', 'OutcomeRecorded', 'Declined', 'Cancelled')),
    sent_at                  timestamptz NOT NULL,
    sent_by                  text        NOT NULL,
    loan_request             jsonb       NULL,     -- credit-guarantee only: { bankId, loanAmount, termMonths, purpose, instalmentType }
    outcome                  jsonb       NULL,     -- { result, summary, externalReference }
    decline_or_cancel_reason text        NULL,
    receiver_reference       text        NULL,     -- the receiver's own id for the work (application id, diagnosis id)
    history                  jsonb       NOT NULL DEFAULT '[]',
    acceptance_overdue_at    timestamptz NULL,     -- when the acceptance timer raised its one alert
    updated_at               timestamptz NOT NULL,
    row_version              integer     NOT NULL DEFAULT 1
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_enterprise ON referrals (enterprise_id);
-- What the acceptance timer and the overdue list scan: referrals nobody has accepted yet.
CREATE INDEX referrals_awaiting_acceptance ON referrals (sent_at) WHERE state = 'Sent';

-- Every reply a receiver sent, applied or not (late, for a cancelled referral, already past): the record that it came.
CREATE TABLE referral_replies (
    id                 uuid        PRIMARY KEY,
    referral_id        uuid        NOT NULL REFERENCES referrals (id),
    kind               text        NOT NULL CHECK (kind IN ('Accepted', 'Declined', 'ServiceStarted', 'OutcomeReported')),
    occurred_at        timestamptz NOT NULL,
    received_at        timestamptz NOT NULL,
    sent_by            text        NOT NULL,
    applied            boolean     NOT NULL,
    ignored_because    text        NULL,
    summary            text        NOT NULL
);
CREATE INDEX referral_replies_referral ON referral_replies (referral_id, occurred_at);

-- What other services reported about an enterprise (guarantee applications and decisions; diagnoses and matches as
-- those services come), one line each, written by the timeline consumers through the inbox. OneStop's own facts
-- (the register's history, cases, referrals) are read from their own tables, not copied here.
CREATE TABLE enterprise_timeline (
    id             uuid        PRIMARY KEY,     -- the message id: a redelivery under the same id is one entry
    enterprise_id  uuid        NOT NULL,        -- no foreign key: a fact about an enterprise is kept whatever arrives first
    occurred_at    timestamptz NOT NULL,
    source         text        NOT NULL,        -- the service that reported it: credit-guarantee, diagnosis, matching
    kind           text        NOT NULL,        -- e.g. guarantee.decided
    summary        text        NOT NULL,
    reference      text        NOT NULL,        -- the source's id for the thing (application id …)
    received_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_timeline_newest ON enterprise_timeline (enterprise_id, occurred_at DESC, id DESC);
