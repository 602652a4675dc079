-- A profile follows its enterprise's register entry (OneStop's events): the register's version of the identity it
-- holds, so that an older event delivered late never overwrites a newer one; and the state of a profile whose
-- enterprise closed or was merged into another (withdrawn: never matched again, its history kept).
ALTER TABLE profiles ADD COLUMN register_version int NOT NULL DEFAULT 0;
ALTER TABLE profiles DROP CONSTRAINT profiles_state_check;
ALTER TABLE profiles ADD CONSTRAINT profiles_state_check CHECK (state IN ('Draft', 'Reviewed', 'Published', 'Withdrawn'));
