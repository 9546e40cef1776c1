-- The operator's bootstrap admin may create teams and grant their features; a team's own admins
-- manage only their team's users and tokens. Only the bootstrap sets this flag, never the API.
ALTER TABLE app_user ADD COLUMN is_superuser boolean NOT NULL DEFAULT false;
