-- The statistics' own copy of the register: every attribute the figures group by, the time (and register version) of
-- what was last accepted for each aspect, so an older event never overwrites a newer state, and when the enterprise
-- left the register (closures and mergers are kept, not deleted: counts filter on activity). Rows from before keep
-- their ward and section; a rebuild from the register fills in the rest.
ALTER TABLE registered_enterprises
    ALTER COLUMN ward DROP NOT NULL,
    ALTER COLUMN industry_section DROP NOT NULL,
    ALTER COLUMN registered_at DROP NOT NULL,
    ADD COLUMN industry_code      text,
    ADD COLUMN employees          integer NOT NULL DEFAULT 0,
    ADD COLUMN annual_revenue     numeric NOT NULL DEFAULT 0,
    ADD COLUMN attributes_at      timestamptz,
    ADD COLUMN attributes_version integer NOT NULL DEFAULT 0,
    ADD COLUMN category           text,
    ADD COLUMN category_at        timestamptz,
    ADD COLUMN legal_form         text,
    ADD COLUMN legal_form_at      timestamptz,
    ADD COLUMN ownership_type     text,
    ADD COLUMN ownership_type_at  timestamptz,
    ADD COLUMN size_class         text,
    ADD COLUMN size_class_at      timestamptz,
    ADD COLUMN left_at            timestamptz,
    ADD COLUMN left_reason        text,
    ADD COLUMN merged_into        uuid;
UPDATE registered_enterprises SET industry_code = industry_section, attributes_at = registered_at;

-- Counts read only active enterprises: a partial index that covers the grouping and the summed measures.
DROP INDEX registered_enterprises_ward_section;
CREATE INDEX registered_enterprises_active_cells ON registered_enterprises (ward, industry_section)
    INCLUDE (employees, annual_revenue) WHERE ward IS NOT NULL AND left_at IS NULL;

-- Month-end copies of the active enterprises, so that a figure can be asked as of a past date. A snapshot is named by
-- the month it closes and records the instant its rows were copied (the figures are those of that instant).
CREATE TABLE snapshots (
    period      date        PRIMARY KEY CHECK (extract(day FROM period) = 1),
    taken_at    timestamptz NOT NULL,
    enterprises integer     NOT NULL
);
CREATE INDEX snapshots_taken_at ON snapshots (taken_at);

CREATE TABLE snapshot_enterprises (
    period           date    NOT NULL REFERENCES snapshots (period),
    enterprise_id    uuid    NOT NULL,
    ward             text    NOT NULL,
    industry_code    text    NOT NULL,
    industry_section char(1) NOT NULL,
    employees        integer NOT NULL,
    annual_revenue   numeric NOT NULL,
    size_class       text,
    category         text,
    legal_form       text,
    ownership_type   text,
    PRIMARY KEY (period, enterprise_id)
);
CREATE INDEX snapshot_enterprises_cells ON snapshot_enterprises (period, ward, industry_section) INCLUDE (employees, annual_revenue);
