-- Search by ward + industry at 1,000,000 enterprises (tests/Benchmarks, --scenario register-1m).
-- A page is "ward = w AND industry starts with p ORDER BY id LIMIT n". With only (ward, id) the planner walks the ward
-- in id order and filters on the industry: for a division that is 1% of the ward it reads ~15,000 rows to fill a page
-- (p99 176 ms at 1M on the benchmark machine). RegisterStore now filters on left(industry_code, length of p) = p, and
-- these indexes give the page in id order directly, for the levels people filter on: section (C), division (C35),
-- class (C3511), each with and without a ward. Groups (C351) and two-character prefixes keep the plan they had.
CREATE INDEX IF NOT EXISTS enterprises_ward_section_id ON enterprises (ward, left(industry_code, 1), id);
CREATE INDEX IF NOT EXISTS enterprises_ward_division_id ON enterprises (ward, left(industry_code, 3), id);
CREATE INDEX IF NOT EXISTS enterprises_ward_class_id ON enterprises (ward, industry_code, id);
CREATE INDEX IF NOT EXISTS enterprises_division_id ON enterprises (left(industry_code, 3), id);

-- Lookups by code at 1,000,000 enterprises. uscc is char(18) and Npgsql sends a string parameter as text, so
-- "uscc = @uscc" is planned as uscc::text = $1, which the constraint's bpchar index cannot serve: every lookup by code
-- (registration's duplicate check, the gRPC EnterpriseDirectory that CreditGuarantee calls for each bank submission,
-- search by code) was a parallel sequential scan of the whole table (seconds each under load). An index on the
-- expression the planner uses serves them all without touching the queries. Codes are always 18 characters, so the
-- cast drops no padding; uniqueness stays with enterprises_uscc_unique.
CREATE INDEX IF NOT EXISTS enterprises_uscc_text ON enterprises ((uscc::text));
