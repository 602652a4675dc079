-- The thresholds of disclosure control, versioned: every table says which version withheld its cells. Version 1 is
-- the preset (3 enterprises, 80 % dominance); the SME Office adds versions.
CREATE TABLE disclosure_rules (
    version             integer     PRIMARY KEY,
    minimum_enterprises integer     NOT NULL CHECK (minimum_enterprises BETWEEN 2 AND 100),
    dominance_share     numeric     NOT NULL CHECK (dominance_share > 0.5 AND dominance_share <= 1),
    changed_at          timestamptz NOT NULL,
    changed_by          text        NOT NULL
);
INSERT INTO disclosure_rules VALUES (1, 3, 0.80, now(), 'preset');
