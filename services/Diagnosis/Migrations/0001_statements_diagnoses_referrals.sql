-- An enterprise's financial statements, one row per fiscal year (CNY). total_liabilities is optional (then derived);
-- the opening_* balances serve the operating cash flow when the previous year is not stored.
CREATE TABLE statements (
    enterprise_id        uuid          NOT NULL,
    fiscal_year          integer       NOT NULL,
    ward                 text          NOT NULL,
    sales                numeric(20,2) NOT NULL,
    cost_of_sales        numeric(20,2) NOT NULL,
    operating_profit     numeric(20,2) NOT NULL,
    net_profit           numeric(20,2) NOT NULL,
    depreciation         numeric(20,2) NOT NULL,
    receivables          numeric(20,2) NOT NULL,
    inventory            numeric(20,2) NOT NULL,
    payables             numeric(20,2) NOT NULL,
    cash                 numeric(20,2) NOT NULL,
    borrowings           numeric(20,2) NOT NULL,
    current_assets       numeric(20,2) NOT NULL,
    current_liabilities  numeric(20,2) NOT NULL,
    total_assets         numeric(20,2) NOT NULL,
    net_assets           numeric(20,2) NOT NULL,
    employees            integer       NOT NULL,
    total_liabilities    numeric(20,2),
    opening_receivables  numeric(20,2),
    opening_inventory    numeric(20,2),
    opening_payables     numeric(20,2),
    source               text          NOT NULL,
    row_version          integer       NOT NULL DEFAULT 1,
    updated_by           text          NOT NULL,
    updated_at           timestamptz   NOT NULL,
    PRIMARY KEY (enterprise_id, fiscal_year)
);

-- Diagnoses, numbered 1, 2, … per enterprise; the answer as computed is kept whole (result), the columns serve lists,
-- scoping and the next diagnosis' deltas.
CREATE TABLE diagnoses (
    id                  uuid         PRIMARY KEY,
    enterprise_id       uuid         NOT NULL,
    number              integer      NOT NULL,
    ward                text         NOT NULL,
    industry_code       text,
    kind                text         NOT NULL,
    fiscal_year         integer      NOT NULL,
    rank                text,
    pre_sort            text,
    assessment_band     text,
    total_score         integer      NOT NULL,
    band_table          text         NOT NULL,
    catalogue_version   integer      NOT NULL,
    referral_id         uuid,
    advisor             text         NOT NULL,
    created_at          timestamptz  NOT NULL,
    result              jsonb        NOT NULL,
    UNIQUE (enterprise_id, number)
);

-- Counter referrals to diagnosis: the advisors' queue.
CREATE TABLE referrals (
    referral_id      uuid         PRIMARY KEY,
    case_id          uuid         NOT NULL,
    enterprise_id    uuid         NOT NULL,
    uscc             text         NOT NULL,
    enterprise_name  text         NOT NULL,
    ward             text         NOT NULL,
    note             text         NOT NULL,
    sent_by          text         NOT NULL,
    sent_at          timestamptz  NOT NULL,
    state            text         NOT NULL,
    advisor          text,
    diagnosis_id     uuid,
    updated_at       timestamptz  NOT NULL,
    row_version      integer      NOT NULL DEFAULT 1
);

CREATE INDEX referrals_queue ON referrals (state, sent_at);
