-- Configuration editing, partner-agreement amendments and applications from counter referrals (docs/guarantee-rules.md).

-- Partner agreements are amended in place and audited (audit_log keeps before/after): a decision's screening record
-- already quotes the agreement and cap it used, so history is not needed to explain a decision.
ALTER TABLE partner_agreements ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE partner_agreements ADD CONSTRAINT partner_agreements_cap_positive CHECK (cap > 0);

-- Where an application came from: "bank" (the partner-bank API) or "counter" (a referral from a one-stop counter). A
-- counter application keeps the referral id, so that each later transition knows to reply to OneStop; one referral
-- never becomes two applications (the bank application key is also derived from it).
ALTER TABLE applications ADD COLUMN channel text NOT NULL DEFAULT 'bank' CHECK (channel IN ('bank', 'counter'));
ALTER TABLE applications ADD COLUMN referral_id uuid NULL;
ALTER TABLE applications ADD CONSTRAINT applications_counter_referral CHECK ((channel = 'counter') = (referral_id IS NOT NULL));
CREATE UNIQUE INDEX applications_referral ON applications (referral_id) WHERE referral_id IS NOT NULL;
