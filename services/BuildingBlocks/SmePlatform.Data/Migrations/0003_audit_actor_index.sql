-- The audit trail is queried per entity regardless of its type (GET …/audit?entityId=).
CREATE INDEX IF NOT EXISTS audit_log_entity_id ON audit_log (entity_id, occurred_at DESC);
