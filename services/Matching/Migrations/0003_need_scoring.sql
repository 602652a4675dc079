-- When and with which weights version each need's suggestions were last computed: the refresh finds the needs a new
-- weights version has made stale (a need with no suggestion at all has a row here too), and the suggestions it must
-- recompute because an offer among them expired or was withdrawn.
CREATE TABLE need_scoring (
    need_id uuid PRIMARY KEY REFERENCES listings (id),
    weights_version int NOT NULL,
    computed_at timestamptz NOT NULL
);
CREATE INDEX need_scoring_version ON need_scoring (weights_version);
CREATE INDEX suggestions_offer ON suggestions (offer_id) WHERE dismissed_at IS NULL;
