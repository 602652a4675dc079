-- Which trace delivered a message: lets an operator follow one user action from the request to every consumer.
ALTER TABLE inbox_messages ADD COLUMN IF NOT EXISTS trace_id text NULL;
