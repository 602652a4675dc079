-- Local, versioned cluster definitions. A version is in force from its day until the next version's day, so versions of
-- one cluster never overlap (effective_from rises with version; the store checks it under a lock on the cluster's rows).
CREATE TABLE cluster_versions (
    cluster_id      text        NOT NULL,
    version         integer     NOT NULL CHECK (version >= 1),
    effective_from  date        NOT NULL,
    name_zh         text        NOT NULL,
    name_en         text        NOT NULL,
    industry_codes  text[]      NOT NULL,
    wards           text[]      NOT NULL,
    pattern         text        NOT NULL,
    government_role text        NOT NULL,
    origin          text        NOT NULL,
    preset          boolean     NOT NULL DEFAULT false,
    source          text,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    PRIMARY KEY (cluster_id, version),
    UNIQUE (cluster_id, effective_from)
);

CREATE TABLE cluster_members (
    cluster_id    text    NOT NULL,
    version       integer NOT NULL,
    enterprise_id uuid    NOT NULL,
    role          text    NOT NULL,
    PRIMARY KEY (cluster_id, version, enterprise_id),
    FOREIGN KEY (cluster_id, version) REFERENCES cluster_versions (cluster_id, version)
);
CREATE INDEX cluster_members_enterprise ON cluster_members (enterprise_id);

-- Presets: clusters the study names for Shenyang (002), marked preset until the SME Office posts a checked version. The
-- sources give the industries; the codes, pattern, government role, origin and wards are this platform's reading of them.
INSERT INTO cluster_versions (cluster_id, version, effective_from, name_zh, name_en, industry_codes, wards, pattern, government_role,
                              origin, preset, source, created_at, created_by) VALUES
('auto-parts', 1, '2000-01-01', '汽车零部件', 'Automobile parts', ARRAY['C367'], ARRAY[]::text[], 'ProductionChain', 'Cultivation', 'Endogenous', true,
 '002:L954-956 (parts production supported by assembly; over 80 enterprises able to make automobile parts, local procurement 20 %), 002:L1292 (the city''s top SME priority)',
 now(), 'preset'),
('general-machinery', 1, '2000-01-01', '通用设备制造', 'General machinery', ARRAY['C34'], ARRAY['tiexi'], 'Production', 'Cultivation', 'Endogenous', true,
 '002:L234-237 (a target sector of the study), 002:L960 (more than half of the city''s manufacturers make equipment), 002:L444, L802 (Tiexi industrial zone, traditional industries)',
 now(), 'preset'),
('electronics-information', 1, '2000-01-01', '电子信息', 'Electronics and information', ARRAY['C39', 'I65'], ARRAY[]::text[], 'Production', 'Cultivation', 'Exogenous', true,
 '002:L234-237 (a target sector), 002:L307, L954-968 (IT industry centred on mechatronics), 002:L443, L1304 (the high-tech development zone)',
 now(), 'preset'),
('environmental-equipment', 1, '2000-01-01', '环保设备', 'Environmental protection equipment', ARRAY['C3591'], ARRAY[]::text[], 'Production', 'Cultivation', 'Endogenous', true,
 '002:L234-237 (a target sector), 002:L305, L960, L1242 (a new set industry), 002:L1328 (Environmental Protection Industrial Park)',
 now(), 'preset'),
('transport-equipment', 1, '2000-01-01', '运输设备', 'Transport equipment', ARRAY['C37'], ARRAY[]::text[], 'ProductionChain', 'Cultivation', 'Endogenous', true,
 '002:L1332-1334 (Transport Equipment Industrial Park: locomotives, passenger coaches, aviation engines)',
 now(), 'preset');
