-- Versioned configuration: band tables (edges per indicator and industry section, '*' for all) and the programme
-- catalogue. A new version is new rows; a diagnosis records the version it used. Presets: docs/diagnosis-rules.md.
CREATE TABLE band_tables (
    id          text         NOT NULL,
    version     integer      NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    created_by  text         NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE band_rows (
    table_id    text       NOT NULL,
    version     integer    NOT NULL,
    industry    text       NOT NULL,
    indicator   text       NOT NULL,
    direction   text       NOT NULL,
    edges       numeric[]  NOT NULL,
    source      text       NOT NULL,
    assumption  boolean    NOT NULL,
    PRIMARY KEY (table_id, version, industry, indicator),
    FOREIGN KEY (table_id, version) REFERENCES band_tables (id, version)
);

CREATE TABLE catalogues (
    version          integer      PRIMARY KEY,
    weak_at_or_below integer      NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    created_by       text         NOT NULL
);

CREATE TABLE programmes (
    catalogue_version integer  NOT NULL REFERENCES catalogues (version),
    position          integer  NOT NULL,
    code              text     NOT NULL,
    indicator         text     NOT NULL,
    name_en           text     NOT NULL,
    name_zh           text     NOT NULL,
    target            text     NOT NULL,
    assumption        boolean  NOT NULL,
    PRIMARY KEY (catalogue_version, code, indicator)
);

INSERT INTO band_tables (id, version, created_by) VALUES ('local-benchmark-preset', 1, 'preset');
INSERT INTO band_rows (table_id, version, industry, indicator, direction, edges, source, assumption) VALUES
    ('local-benchmark-preset', 1, '*', 'sales_growth',           'HigherIsBetter', '{0.10,0.03,-0.02,-0.10}', 'assumption (docs/diagnosis-rules.md)', true),
    ('local-benchmark-preset', 1, '*', 'operating_margin',       'HigherIsBetter', '{0.08,0.04,0.01,-0.02}',  'assumption (docs/diagnosis-rules.md)', true),
    ('local-benchmark-preset', 1, '*', 'labour_productivity',    'HigherIsBetter', '{100000,50000,20000,0}',  'assumption (docs/diagnosis-rules.md)', true),
    ('local-benchmark-preset', 1, '*', 'ebitda_debt_multiple',   'LowerIsBetter',  '{1,3,6,10}',              'assumption (docs/diagnosis-rules.md)', true),
    ('local-benchmark-preset', 1, '*', 'working_capital_months', 'LowerIsBetter',  '{-0.3,0.4,1.5,3.1}',      'METI Local Benchmark', false),
    ('local-benchmark-preset', 1, '*', 'equity_ratio',           'HigherIsBetter', '{0.40,0.25,0.10,0}',      'assumption (docs/diagnosis-rules.md)', true);

INSERT INTO catalogues (version, weak_at_or_below, created_by) VALUES (1, 2, 'preset');
INSERT INTO programmes (catalogue_version, position, code, indicator, name_en, name_zh, target, assumption) VALUES
    (1, 1, 'guarantee-restructuring',        'ebitda_debt_multiple',   'Guarantee restructuring',            '担保重组',               'credit-guarantee',     false),
    (1, 2, 'cash-flow-coaching',             'ebitda_debt_multiple',   'Cash-flow coaching',                 '现金流辅导',             'diagnosis',            false),
    (1, 3, 'partnership-matching',           'sales_growth',           'Partnership matching',               '合作伙伴对接',           'partnership-matching', false),
    (1, 4, 'market-access',                  'sales_growth',           'Market access',                      '市场开拓',               'partnership-matching', false),
    (1, 5, 'technology-process-consulting',  'labour_productivity',    'Technology and process consulting',  '技术与流程咨询',         'diagnosis',            false),
    (1, 6, 'receivables-inventory-training', 'working_capital_months', 'Receivables and inventory training', '应收账款与库存管理培训', 'diagnosis',            false),
    (1, 7, 'capital-guarantee-advice',       'equity_ratio',           'Capital and guarantee advice',       '资本与担保咨询',         'credit-guarantee',     false),
    (1, 8, 'management-accounting-coaching', 'operating_margin',       'Management accounting coaching',     '管理会计辅导',           'diagnosis',            true);
