-- Referrals advisors started from a diagnosis' recommendations through the one-stop centre's loop (docs/diagnosis-rules.md
-- "Recommendations that become referrals"), and where each stands as the receiver's replies tell it.
CREATE TABLE recommendation_referrals (
    referral_id        uuid        PRIMARY KEY,          -- OneStop's referral id: the replies quote it
    diagnosis_id       uuid        NOT NULL REFERENCES diagnoses (id),
    programme          text        NOT NULL,
    target             text        NOT NULL,             -- credit-guarantee, partnership-matching, diagnosis
    case_id            uuid        NOT NULL,             -- the counter's case it went on
    state              text        NOT NULL CHECK (state IN ('sent', 'accepted', 'started', 'achieved', 'not_achieved', 'declined', 'cancelled')),
    summary            text        NULL,                 -- the outcome's summary, the decline's or cancellation's reason
    receiver_reference text        NULL,                 -- the receiver's own id for the work (an application id)
    requested_by       text        NOT NULL,
    requested_at       timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX recommendation_referrals_diagnosis ON recommendation_referrals (diagnosis_id, programme, requested_at);
