-- Versioned guarantee configuration (docs/guarantee-rules.md): every number of the fund's rules as one JSON
-- document per (id, version). The service seeds the preset as version 1 at start when the table is empty (the preset
-- lives in code, GuaranteeConfiguration.Preset, so that tests and the seed can never disagree). Versions are never
-- updated in place: a change is a new version, and every decision records the version it used.
CREATE TABLE configuration_versions (
    configuration_id text        NOT NULL,
    version          integer     NOT NULL CHECK (version >= 1),
    effective_from   date        NOT NULL,
    document         jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text        NOT NULL,
    PRIMARY KEY (configuration_id, version)
);

-- Partner agreements with banks: the cap on a bank's outstanding guarantees between two dates (both inclusive; no
-- end = open-ended). Entered by the fund administrator; nothing preset. The demo banks' agreements are seeded at start
-- in Development only (marked is_demo), never by a migration: a production database gets none it did not sign.
CREATE TABLE partner_agreements (
    id          uuid          PRIMARY KEY,
    bank_id     text          NOT NULL,
    starts_on   date          NOT NULL,
    ends_on     date          NULL,
    cap         numeric(18,2) NOT NULL CHECK (cap >= 0),
    currency    text          NOT NULL DEFAULT 'CNY',
    is_demo     boolean       NOT NULL DEFAULT false,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX partner_agreements_bank ON partner_agreements (bank_id, starts_on);
