-- Partnership matching (docs/matching-rules.md). Aggregates are stored as their JSON document beside the columns that
-- are searched or constrained; a document is always written whole, in the unit of work that changes it.

-- Versioned configuration: weights, review rule, validity, stage rules, fees. A change is a new row; the newest applies.
CREATE TABLE matching_configuration (
    version int PRIMARY KEY CHECK (version > 0),
    body jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Numbers of the anonymous profile codes (SY-OEM-2026-0042): never reused.
CREATE SEQUENCE profile_code_numbers;

CREATE TABLE profiles (
    id uuid PRIMARY KEY,
    enterprise_id uuid NOT NULL UNIQUE,
    ward text NOT NULL,
    code text NOT NULL UNIQUE,
    state text NOT NULL CHECK (state IN ('Draft', 'Reviewed', 'Published')),
    expires_at timestamptz NULL,
    body jsonb NOT NULL,
    version int NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL
);
CREATE INDEX profiles_live ON profiles (expires_at) WHERE state = 'Published';

-- Needs and offers: their own rows so that a need is addressed by id and candidates are found by kind and type.
CREATE TABLE listings (
    id uuid PRIMARY KEY,
    profile_id uuid NOT NULL REFERENCES profiles (id),
    kind text NOT NULL CHECK (kind IN ('Need', 'Offer')),
    type text NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX listings_profile ON listings (profile_id);
CREATE INDEX listings_kind_type ON listings (kind, type);

-- The top suggestions of each need, with the explained score. A dismissal survives every recomputation.
CREATE TABLE suggestions (
    need_id uuid NOT NULL REFERENCES listings (id),
    offer_id uuid NOT NULL REFERENCES listings (id),
    score int NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons jsonb NOT NULL,
    weights_version int NOT NULL,
    computed_at timestamptz NOT NULL,
    dismissed_reason text NULL,
    dismissed_by text NULL,
    dismissed_at timestamptz NULL,
    PRIMARY KEY (need_id, offer_id)
);
CREATE INDEX suggestions_need_score ON suggestions (need_id, score DESC);

CREATE TABLE introductions (
    id uuid PRIMARY KEY,
    need_id uuid NOT NULL REFERENCES listings (id),
    offer_id uuid NOT NULL REFERENCES listings (id),
    needing_profile_id uuid NOT NULL REFERENCES profiles (id),
    offering_profile_id uuid NOT NULL REFERENCES profiles (id),
    revealed_at timestamptz NULL,
    body jsonb NOT NULL,
    UNIQUE (need_id, offer_id)
);
CREATE INDEX introductions_needing ON introductions (needing_profile_id);
CREATE INDEX introductions_offering ON introductions (offering_profile_id);

CREATE TABLE cases (
    id uuid PRIMARY KEY,
    introduction_id uuid NOT NULL UNIQUE REFERENCES introductions (id),
    stage text NOT NULL,
    body jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Follow-up ratings: one per case, follow-up and rating side; rated_profile_id is the profile rated (the other side).
CREATE TABLE ratings (
    case_id uuid NOT NULL REFERENCES cases (id),
    follow_up int NOT NULL CHECK (follow_up IN (3, 6, 12)),
    side text NOT NULL CHECK (side IN ('Needing', 'Offering')),
    rated_profile_id uuid NOT NULL REFERENCES profiles (id),
    body jsonb NOT NULL,
    PRIMARY KEY (case_id, follow_up, side)
);
CREATE INDEX ratings_rated ON ratings (rated_profile_id);

-- Counter referrals to partnership matching: the intermediaries' queue.
CREATE TABLE referrals (
    referral_id uuid PRIMARY KEY,
    case_id uuid NOT NULL,
    enterprise_id uuid NOT NULL,
    uscc text NOT NULL,
    enterprise_name text NOT NULL,
    ward text NOT NULL,
    note text NOT NULL,
    sent_by text NOT NULL,
    sent_at timestamptz NOT NULL,
    state text NOT NULL CHECK (state IN ('Queued', 'Accepted', 'Started', 'Closed', 'Cancelled')),
    taken_by text NULL,
    result text NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX referrals_open ON referrals (sent_at) WHERE state IN ('Queued', 'Accepted', 'Started');
