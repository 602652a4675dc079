-- One row per registered enterprise instead of running totals: counting becomes idempotent by key (a replay or a
-- rebuild from the register cannot double-count), and later dimensions (size class, ownership) are new columns.
CREATE TABLE registered_enterprises (
    enterprise_id    uuid        PRIMARY KEY,
    ward             text        NOT NULL,
    industry_section char(1)     NOT NULL,
    registered_at    timestamptz NOT NULL
);
CREATE INDEX registered_enterprises_ward_section ON registered_enterprises (ward, industry_section);
DROP TABLE enterprise_counts;
