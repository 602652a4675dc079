-- The city's enterprise register (master data owned by the one-stop service centre).
CREATE TABLE enterprises (
    id             uuid PRIMARY KEY,
    uscc           char(18)      NOT NULL,
    name           text          NOT NULL,
    ward           text          NOT NULL,
    industry_code  text          NOT NULL,
    employees      integer       NOT NULL CHECK (employees >= 0),
    annual_revenue numeric(18,2) NOT NULL CHECK (annual_revenue >= 0),
    total_assets   numeric(18,2) NOT NULL CHECK (total_assets >= 0),
    currency       char(3)       NOT NULL DEFAULT 'CNY',
    registered_at  timestamptz   NOT NULL,
    updated_at     timestamptz   NOT NULL,
    row_version    integer       NOT NULL DEFAULT 1,
    CONSTRAINT enterprises_uscc_unique UNIQUE (uscc)
);
CREATE INDEX enterprises_ward ON enterprises (ward);
CREATE INDEX enterprises_industry ON enterprises (industry_code);
