-- Guarantee referrals an intermediary started from a case's contract through the one-stop centre's loop
-- (docs/matching-rules.md "A contract's guarantee referral"), and where each stands as the receiver's replies tell it.
CREATE TABLE case_referrals (
    referral_id        uuid        PRIMARY KEY,          -- OneStop's referral id: the replies quote it
    case_id            uuid        NOT NULL,
    enterprise_id      uuid        NOT NULL,             -- the side of the case that seeks the loan
    target             text        NOT NULL,
    onestop_case_id    uuid        NOT NULL,             -- the counter's case it went on
    state              text        NOT NULL CHECK (state IN ('sent', 'accepted', 'started', 'achieved', 'not_achieved', 'declined', 'cancelled')),
    summary            text        NULL,
    receiver_reference text        NULL,                 -- the receiver's own id for the work (an application id)
    requested_by       text        NOT NULL,
    requested_at       timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX case_referrals_case ON case_referrals (case_id, requested_at);
