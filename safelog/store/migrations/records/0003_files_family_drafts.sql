-- records.db, version 3: attachments, family and household, and drafts kept across a lock.

-- Scans, photos and PDFs attached to a concern, stored inside the encrypted database (never as
-- loose files). Append-only like every record; a wrongly attached file is withdrawn by an event.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    concern_id   INTEGER NOT NULL REFERENCES concerns(id),
    filename     TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    description  TEXT,
    added_at     TEXT NOT NULL,
    added_by     TEXT NOT NULL
);
CREATE INDEX attachments_by_concern ON attachments (concern_id, id);

-- Family and household members, as revisions of each member.
CREATE TABLE household_members (
    id                      INTEGER PRIMARY KEY,
    member_id               INTEGER NOT NULL,
    revision                INTEGER NOT NULL,
    child_id                INTEGER NOT NULL REFERENCES children(id),
    name                    TEXT NOT NULL,
    relationship            TEXT NOT NULL,
    dob                     TEXT,
    lives_with_child        INTEGER NOT NULL DEFAULT 1,
    parental_responsibility INTEGER NOT NULL DEFAULT 0,
    contact                 TEXT,
    notes                   TEXT,
    linked_child_id         INTEGER REFERENCES children(id),   -- a sibling on roll here
    status                  TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'removed')),
    reason                  TEXT,
    recorded_at             TEXT NOT NULL,
    recorded_by             TEXT NOT NULL,
    UNIQUE (member_id, revision)
);
CREATE INDEX household_by_child ON household_members (child_id, member_id);

-- A half-typed form, saved when the app locks and restored on unlock. Working data, not a
-- record: it is deleted once the concern is saved or discarded, so it is not append-only.
CREATE TABLE drafts (
    user_id   TEXT NOT NULL,
    form      TEXT NOT NULL,
    content   TEXT NOT NULL,
    saved_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, form)
);

CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER household_members_no_update BEFORE UPDATE ON household_members BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER household_members_no_delete BEFORE DELETE ON household_members BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
