-- Referrals another service asks the counter's loop for: an advisor's recommendation, an intermediary's contract
-- (docs/onestop-rules.md "Referrals requested by other services", docs/adr/0068). A counter referral has no origin.
ALTER TABLE referrals ADD COLUMN origin_service    text NULL;   -- "diagnosis", "matching": the calling service, from its token
ALTER TABLE referrals ADD COLUMN origin_reference  text NULL;   -- what it was started from, in that service's terms
ALTER TABLE referrals ADD COLUMN origin_request_id uuid NULL;   -- the caller's id of the request: a retry answers the same referral
-- Partial on a column every existing row leaves null, so it builds from nothing whatever the table's size.
CREATE UNIQUE INDEX referrals_origin_request ON referrals (origin_service, origin_request_id) WHERE origin_request_id IS NOT NULL;

-- The case a service's referral opens when the enterprise has no open case that can take it: nothing to bring to the
-- counter, ten working days for the counter to follow the referral up.
INSERT INTO procedures (code, version, name_en, name_zh, responsible_office, fee_cny, time_limit_days, documents_new, documents_renewal) VALUES
('service-referral', 1, 'Referral requested by another service', '其他服务发起的转介', 'SME Service Centre (ward counter)', 0, 10, '[]', '[]');
