-- records.db, version 1: children, concerns, the DSL's response, and the audit chain.
-- Every record table is append-only: a correction is a new revision row that names the one it
-- replaces, with who, when and why. Triggers refuse UPDATE and DELETE so a slip in code fails
-- loudly; the audit chain (with a digest of each record) catches anyone who bypasses them.

CREATE TABLE vault_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE children (
    id          INTEGER PRIMARY KEY,
    upn         TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

-- One row per version of a child's details: an MIS re-import that changes a form adds a version.
CREATE TABLE child_versions (
    id                  INTEGER PRIMARY KEY,
    child_id            INTEGER NOT NULL REFERENCES children(id),
    version             INTEGER NOT NULL,
    legal_surname       TEXT NOT NULL,
    legal_forename      TEXT NOT NULL,
    preferred_forename  TEXT,
    preferred_surname   TEXT,
    dob                 TEXT NOT NULL,
    gender              TEXT,
    year_group          TEXT,
    form                TEXT,
    admission_date      TEXT,
    flags               TEXT NOT NULL DEFAULT '[]',
    on_roll             INTEGER NOT NULL DEFAULT 1,
    source              TEXT NOT NULL,
    reason              TEXT,
    recorded_at         TEXT NOT NULL,
    recorded_by         TEXT NOT NULL,
    UNIQUE (child_id, version)
);

CREATE TABLE concerns (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

CREATE TABLE concern_revisions (
    id                INTEGER PRIMARY KEY,
    concern_id        INTEGER NOT NULL REFERENCES concerns(id),
    revision          INTEGER NOT NULL,
    occurred_at       TEXT NOT NULL,     -- local wall time with offset, Europe/London
    recorded_at       TEXT NOT NULL,     -- UTC, set by the system
    recorded_by       TEXT NOT NULL,
    location          TEXT,
    facts             TEXT NOT NULL,
    child_words       TEXT,
    opinion           TEXT,
    others_present    TEXT,
    immediate_action  TEXT,
    dsl_told          INTEGER NOT NULL DEFAULT 0,
    significant       INTEGER NOT NULL DEFAULT 0,
    body_marks        TEXT NOT NULL DEFAULT '[]',
    reason            TEXT,              -- why this revision replaced the last; NULL for the first
    UNIQUE (concern_id, revision)
);

CREATE TABLE concern_children (
    revision_id  INTEGER NOT NULL REFERENCES concern_revisions(id),
    child_id     INTEGER NOT NULL REFERENCES children(id),
    role         TEXT NOT NULL CHECK (role IN ('subject', 'witness', 'alleged_perpetrator')),
    PRIMARY KEY (revision_id, child_id)
);
CREATE INDEX concern_children_by_child ON concern_children (child_id, revision_id);

CREATE TABLE concern_categories (
    revision_id  INTEGER NOT NULL REFERENCES concern_revisions(id),
    category     TEXT NOT NULL,
    PRIMARY KEY (revision_id, category)
);
CREATE INDEX concern_categories_by_category ON concern_categories (category, revision_id);

-- Triage, outcome and closure of a concern, as events in time.
CREATE TABLE concern_events (
    id          INTEGER PRIMARY KEY,
    concern_id  INTEGER NOT NULL REFERENCES concerns(id),
    event       TEXT NOT NULL CHECK (event IN ('triaged', 'outcome', 'closed', 'reopened')),
    detail      TEXT,
    at          TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX concern_events_by_concern ON concern_events (concern_id, id);

CREATE TABLE actions (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL,       -- the action; rows are its revisions
    revision     INTEGER NOT NULL,
    child_id     INTEGER NOT NULL REFERENCES children(id),
    concern_id   INTEGER REFERENCES concerns(id),
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL,
    owner        TEXT NOT NULL,
    due_on       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    outcome      TEXT,
    reason       TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    UNIQUE (action_id, revision)
);
CREATE INDEX actions_by_child ON actions (child_id, action_id);

CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY,
    decision_id  INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    child_id     INTEGER NOT NULL REFERENCES children(id),
    concern_id   INTEGER REFERENCES concerns(id),
    decision     TEXT NOT NULL,
    reasons      TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    reason       TEXT,
    UNIQUE (decision_id, revision)
);
CREATE INDEX decisions_by_child ON decisions (child_id, decision_id);

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    review_id    INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    child_id     INTEGER NOT NULL REFERENCES children(id),
    concern_id   INTEGER REFERENCES concerns(id),
    kind         TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    note         TEXT,
    reason       TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    UNIQUE (review_id, revision)
);
CREATE INDEX reviews_by_due ON reviews (status, due_on);
CREATE INDEX reviews_by_child ON reviews (child_id, review_id);

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
CREATE INDEX audit_by_object ON audit (object_type, object_id);

-- Append-only, enforced.
CREATE TRIGGER vault_meta_no_update BEFORE UPDATE ON vault_meta BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER vault_meta_no_delete BEFORE DELETE ON vault_meta BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER children_no_update BEFORE UPDATE ON children BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER children_no_delete BEFORE DELETE ON children BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER child_versions_no_update BEFORE UPDATE ON child_versions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER child_versions_no_delete BEFORE DELETE ON child_versions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concerns_no_update BEFORE UPDATE ON concerns BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concerns_no_delete BEFORE DELETE ON concerns BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_revisions_no_update BEFORE UPDATE ON concern_revisions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_revisions_no_delete BEFORE DELETE ON concern_revisions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_children_no_update BEFORE UPDATE ON concern_children BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_children_no_delete BEFORE DELETE ON concern_children BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_categories_no_update BEFORE UPDATE ON concern_categories BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_categories_no_delete BEFORE DELETE ON concern_categories BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_events_no_update BEFORE UPDATE ON concern_events BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER concern_events_no_delete BEFORE DELETE ON concern_events BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
