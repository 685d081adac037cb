-- governance.db, version 1: the school's settings, the people who use the vault, and its own
-- audit chain. Every role (governors too) holds this database's key; no child is ever in it.

CREATE TABLE vault_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Settings as revisions: the latest row for a name is the setting in force.
CREATE TABLE settings (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    value   TEXT NOT NULL,          -- JSON
    set_at  TEXT NOT NULL,
    set_by  TEXT NOT NULL
);
CREATE INDEX settings_by_name ON settings (name, id);

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('dsl', 'deputy', 'head', 'governor')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

CREATE TABLE user_events (
    id       INTEGER PRIMARY KEY,
    user_id  TEXT NOT NULL REFERENCES users(id),
    event    TEXT NOT NULL CHECK (event IN ('removed', 'passphrase_changed', 'renamed')),
    detail   TEXT,
    at       TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    payload      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);

-- Append-only, enforced.
CREATE TRIGGER vault_meta_no_update BEFORE UPDATE ON vault_meta BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER vault_meta_no_delete BEFORE DELETE ON vault_meta BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER settings_no_update BEFORE UPDATE ON settings BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER users_no_update BEFORE UPDATE ON users BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER users_no_delete BEFORE DELETE ON users BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER user_events_no_update BEFORE UPDATE ON user_events BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER user_events_no_delete BEFORE DELETE ON user_events BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
