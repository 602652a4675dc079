-- Name search for two-character parts, and two indexes fewer for every write to the register (issue 4, at 1,000,000
-- enterprises; tests/Benchmarks --scenario register-1m).
--
-- A clerk often types a bare trade name (恒达, 精工): two characters. pg_trgm extracts no trigram from a two-character
-- pattern, so "name ILIKE '%恒达%'" could not use the trigram indexes: the page was an id-order scan with a filter, which
-- reads the whole register when the name is rare (under a page of matches: every row of 1M read). The bigrams of the
-- Chinese and English names (lower case, each column on its own so no bigram spans the two) in a GIN index give the
-- candidates of a two-character part; RegisterStore adds "bigrams @> bigrams of the part" to the ILIKE, which stays the
-- exact test. Lower case: ILIKE ignores case, so the part's bigrams are contained whenever it matches.
-- RegisterStore adds the condition to longer parts too: ANALYZE keeps statistics of the index's elements, so the planner
-- estimates how many names hold a part's bigrams, where its estimate of ILIKE '%…%' is 0.85% of the register for every
-- pattern. With that flat estimate a rare name (沈阳市桥瑞, 39 enterprises) was planned as a walk of the register in id
-- order waiting for a page of matches: 668,000 rows and 2.2 s; with the bigrams it is a bitmap scan of ~200 rows.
-- The price: the planner then takes the bigram index for longer parts too, and a part starting with 沈阳 (a bigram in
-- three names of four) reads that bigram's long posting list, ~3 ms where the trigram index takes 0.4 ms. Keeping the
-- trigram index as the way in, with statistics on a non-indexed copy of the expression for the estimate, was tried:
-- the per-row evaluation of the bigrams in the filter cost as much (tests/Benchmarks/results/results.md, 2026-11-22).
CREATE OR REPLACE FUNCTION enterprise_name_bigrams(name text, name_en text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(
    SELECT DISTINCT substr(v.s, i, 2)
    FROM (VALUES (lower(coalesce(name, ''))), (lower(coalesce(name_en, '')))) AS v(s),
         generate_series(1, length(v.s) - 1) AS i);

CREATE INDEX IF NOT EXISTS enterprises_name_bigrams ON enterprises USING gin (enterprise_name_bigrams(name, name_en));

-- Every update that moves a row to another page (the reclassification rewrites every entry) adds an entry to each
-- index. These two are covered by others and no query needs them any more: ward by enterprises_ward_id (ward, id) and
-- the ward_* indexes of 0008 (all lead with ward); industry_code by nothing (search filters on left(industry_code, n),
-- which 0008 indexes, and no statement compares industry_code itself).
DROP INDEX IF EXISTS enterprises_ward;
DROP INDEX IF EXISTS enterprises_industry;
