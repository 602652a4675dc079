-- The fuller register (DOMAIN.md "The enterprise register"), size classification by rule sets stored as data,
-- deactivation, and the indexes that duplicate detection and search need.

-- Trigram similarity and indexes for partial names (Chinese and Latin). A trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Size rule sets as data (SizeRuleSetJson): one current set per jurisdiction classifies registrations and updates.
-- A set is never edited once loaded; a change is a new version (docs/onestop-rules.md).
CREATE TABLE size_rule_sets (
    id             text        NOT NULL,
    version        integer     NOT NULL CHECK (version > 0),
    jurisdiction   text        NOT NULL,
    effective_from date        NOT NULL,
    effective_to   date        NULL,
    is_current     boolean     NOT NULL DEFAULT false,
    definition     jsonb       NOT NULL,
    loaded_at      timestamptz NOT NULL DEFAULT now(),
    loaded_by      text        NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX size_rule_sets_one_current ON size_rule_sets (jurisdiction) WHERE is_current;

-- CN-2003 v1, exactly SizeRuleSetJson.Serialize(SizeRuleSets.China2003) (a test keeps the two equal).
INSERT INTO size_rule_sets (id, version, jurisdiction, effective_from, effective_to, is_current, definition, loaded_by)
VALUES ('CN-2003', 1, 'CN', DATE '2003-02-19', NULL, true, '{"id":"CN-2003","version":1,"name":"China 2003 Interim Categorizing Criteria on SMEs","jurisdiction":"CN","effectiveFrom":"2003-02-19","effectiveTo":null,"currency":"CNY","source":"000:L53-74 (Table 1 and note L72); 001:L182-203 with the unit corrected to 10,000 yuan","sectors":[{"code":"industry","nameEn":"Industry","nameZh":"\u5DE5\u4E1A","industryCodes":["B","C","D"],"baseClass":"small","boundaries":[{"class":"medium","combination":"all","label":"medium lower limit","thresholds":[{"indicator":"employees","value":300,"scale":"one","inclusivity":"inclusive"},{"indicator":"annual-revenue","value":3000,"scale":"ten-thousand","inclusivity":"inclusive"},{"indicator":"total-assets","value":4000,"scale":"ten-thousand","inclusivity":"inclusive"}]},{"class":"large","combination":"all","label":"SME upper limit","thresholds":[{"indicator":"employees","value":2000,"scale":"one","inclusivity":"exclusive"},{"indicator":"annual-revenue","value":30000,"scale":"ten-thousand","inclusivity":"exclusive"},{"indicator":"total-assets","value":40000,"scale":"ten-thousand","inclusivity":"exclusive"}]}]},{"code":"construction","nameEn":"Construction","nameZh":"\u5EFA\u7B51\u4E1A","industryCodes":["E"],"baseClass":"small","boundaries":[{"class":"medium","combination":"all","label":"medium lower limit","thresholds":[{"indicator":"employees","value":600,"scale":"one","inclusivity":"inclusive"},{"indicator":"annual-revenue","value":3000,"scale":"ten-thousand","inclusivity":"inclusive"},{"indicator":"total-assets","value":4000,"scale":"ten-thousand","inclusivity":"inclusive"}]},{"class":"large","combination":"all","label":"SME upper limit","thresholds":[{"indicator":"employees","value":3000,"scale":"one","inclusivity":"exclusive"},{"indicator":"annual-revenue","value":30000,"scale":"ten-thousand","inclusivity":"exclusive"},{"indicator":"total-assets","value":40000,"scale":"ten-thousand","inclusivity":"exclusive"}]}]},{"code":"wholesale","nameEn":"Wholesale","nameZh":"\u6279\u53D1\u4E1A","industryCodes":["F51"],"baseClass":"small","boundaries":[{"class":"medium","combination":"all","label":"medium lower limit","thresholds":[{"indicator":"employees","value":100,"scale":"one","inclusivity":"inclusive"},{"indicator":"annual-revenue","value":3000,"scale":"ten-thousand","inclusivity":"inclusive"}]},{"class":"large","combination":"all","label":"SME upper limit","thresholds":[{"indicator":"employees","value":200,"scale":"one","inclusivity":"exclusive"},{"indicator":"annual-revenue","value":30000,"scale":"ten-thousand","inclusivity":"exclusive"}]}]},{"code":"retail","nameEn":"Retail","nameZh":"\u96F6\u552E\u4E1A","industryCodes":["F52"],"baseClass":"small","boundaries":[{"class":"medium","combination":"all","label":"medium lower limit","thresholds":[{"indicator":"employees","value":100,"scale":"one","inclusivity":"inclusive"},{"indicator":"annual-revenue","value":1000,"scale":"ten-thousand","inclusivity":"inclusive"}]},{"class":"large","combination":"all","label":"SME upper limit","thresholds":[{"indicator":"employees","value":500,"scale":"one","inclusivity":"exclusive"},{"indicator":"annual-revenue","value":15000,"scale":"ten-thousand","inclusivity":"exclusive"}]}]},{"code":"transport","nameEn":"Transport","nameZh":"\u4EA4\u901A\u8FD0\u8F93\u4E1A","industryCodes":["G53","G54","G55","G56","G57","G58"],"baseClass":"small","boundaries":[{"class":"medium","combination":"all","label":"medium lower limit","thresholds":[{"indicator":"employees","value":500,"scale":"one","inclusivity":"inclusive"},{"indicator":"annual-revenue","value":3000,"scale":"ten-thousand","inclusivity":"inclusive"}]},{"class":"large","combination":"all","label":"SME upper limit","thresholds":[{"indicator":"employees","value":3000,"scale":"one","inclusivity":"exclusive"},{"indicator":"annual-revenue","value":30000,"scale":"ten-thousand","inclusivity":"exclusive"}]}]},{"code":"post","nameEn":"Post","nameZh":"\u90AE\u653F\u4E1A","industryCodes":["G60"],"baseClass":"small","boundaries":[{"class":"medium","combination":"all","label":"medium lower limit","thresholds":[{"indicator":"employees","value":400,"scale":"one","inclusivity":"inclusive"},{"indicator":"annual-revenue","value":3000,"scale":"ten-thousand","inclusivity":"inclusive"}]},{"class":"large","combination":"all","label":"SME upper limit","thresholds":[{"indicator":"employees","value":1000,"scale":"one","inclusivity":"exclusive"},{"indicator":"annual-revenue","value":30000,"scale":"ten-thousand","inclusivity":"exclusive"}]}]},{"code":"hotels-restaurants","nameEn":"Hotels and restaurants","nameZh":"\u4F4F\u5BBF\u548C\u9910\u996E\u4E1A","industryCodes":["H"],"baseClass":"small","boundaries":[{"class":"medium","combination":"all","label":"medium lower limit","thresholds":[{"indicator":"employees","value":400,"scale":"one","inclusivity":"inclusive"},{"indicator":"annual-revenue","value":3000,"scale":"ten-thousand","inclusivity":"inclusive"}]},{"class":"large","combination":"all","label":"SME upper limit","thresholds":[{"indicator":"employees","value":800,"scale":"one","inclusivity":"exclusive"},{"indicator":"annual-revenue","value":15000,"scale":"ten-thousand","inclusivity":"exclusive"}]}]}],"notes":"Storage (G59) is not listed: 000 Table 1 names transport only, so storage gets \u0027not covered\u0027 rather than a guess. Sectors outside the table (agriculture, services, finance, real estate \u2026) are not covered by this rule set."}'::jsonb, 'migration:0002');

ALTER TABLE enterprises
    ADD COLUMN name_en               text          NULL,
    ADD COLUMN legal_representative  text          NULL,
    ADD COLUMN address               text          NULL,
    ADD COLUMN legal_form            text          NULL,
    ADD COLUMN ownership_type        text          NULL,
    ADD COLUMN category              text          NULL CHECK (category IN ('legal-person-enterprise', 'individual-household')),
    ADD COLUMN founding_date         date          NULL,
    ADD COLUMN registered_capital    numeric(18,2) NULL CHECK (registered_capital >= 0),
    ADD COLUMN contact_phone         text          NULL,
    -- What duplicate detection compares: the name without city prefix, legal-form suffix, case and punctuation.
    ADD COLUMN name_key              text          NULL,
    ADD COLUMN size_class            text          NULL CHECK (size_class IN ('micro', 'small', 'medium', 'large')),
    ADD COLUMN size_rule_set_id      text          NULL,
    ADD COLUMN size_rule_set_version integer       NULL,
    ADD COLUMN size_reason           text          NULL,
    ADD COLUMN status                text          NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
    ADD COLUMN deactivation_reason   text          NULL CHECK (deactivation_reason IN ('closure', 'merger')),
    ADD COLUMN deactivation_note     text          NULL,
    ADD COLUMN merged_into           uuid          NULL REFERENCES enterprises (id),
    ADD COLUMN deactivated_on        date          NULL;

-- Partial names, Chinese and Latin (ILIKE '%…%' uses these for queries of three characters or more).
CREATE INDEX enterprises_name_trgm ON enterprises USING gin (name gin_trgm_ops);
CREATE INDEX enterprises_name_en_trgm ON enterprises USING gin (name_en gin_trgm_ops);
-- Duplicate detection: similar name key within a ward, same phone within a ward.
CREATE INDEX enterprises_name_key_trgm ON enterprises USING gin (name_key gin_trgm_ops);
CREATE INDEX enterprises_ward_phone ON enterprises (ward, contact_phone) WHERE contact_phone IS NOT NULL;
-- Keyset pages of search in id order within a ward, and filters by size class.
CREATE INDEX enterprises_ward_id ON enterprises (ward, id);
CREATE INDEX enterprises_size_class ON enterprises (size_class, id);
