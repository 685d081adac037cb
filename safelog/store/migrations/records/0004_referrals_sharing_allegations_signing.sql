-- records.db, version 4: referrals and their follow-up, information-sharing decisions, staff
-- allegations, and the vault's signing identity for exported PDFs.

CREATE TABLE referrals (
    id               INTEGER PRIMARY KEY,
    referral_id      INTEGER NOT NULL,
    revision         INTEGER NOT NULL,
    child_id         INTEGER NOT NULL REFERENCES children(id),
    concern_id       INTEGER REFERENCES concerns(id),
    agency           TEXT NOT NULL CHECK (agency IN ('mash', 'police', 'lado', 'early_help')),
    referred_at      TEXT NOT NULL,            -- local time with offset
    reference        TEXT,
    spoke_to         TEXT,
    summary          TEXT,
    follow_up_due    TEXT NOT NULL,            -- end of the first working day after referral
    outcome          TEXT CHECK (outcome IN ('no_further_action', 'early_help', 'child_in_need',
                                             'child_protection', 'strategy_discussion', 'other')),
    outcome_at       TEXT,
    outcome_note     TEXT,
    escalated_at     TEXT,
    escalation_note  TEXT,
    reason           TEXT,
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL,
    UNIQUE (referral_id, revision)
);
CREATE INDEX referrals_by_child ON referrals (child_id, referral_id);

-- One row per completed walk of the information-sharing wizard: the decision, its reasons and
-- every answer given, as the guidance data's SharingRecord (JSON), with the guidance version.
CREATE TABLE sharing_decisions (
    id                INTEGER PRIMARY KEY,
    child_id          INTEGER NOT NULL REFERENCES children(id),
    concern_id        INTEGER REFERENCES concerns(id),
    decision          TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    record            TEXT NOT NULL,
    guidance_version  TEXT NOT NULL,
    decided_at        TEXT NOT NULL,
    decided_by        TEXT NOT NULL
);
CREATE INDEX sharing_by_child ON sharing_decisions (child_id, id);

-- Allegations against staff: a separate case, opened only by the DSL and the head.
CREATE TABLE staff_allegations (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL,
    revision           INTEGER NOT NULL,
    staff_name         TEXT NOT NULL,
    staff_role         TEXT,
    allegation         TEXT NOT NULL,
    children_involved  TEXT NOT NULL DEFAULT '[]',   -- child ids (JSON)
    received_at        TEXT NOT NULL,
    reported_by        TEXT,
    lado_consulted_at  TEXT,
    lado_reference     TEXT,
    outcome            TEXT CHECK (outcome IN ('substantiated', 'malicious', 'false',
                                               'unsubstantiated', 'unfounded')),
    status             TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    reason             TEXT,
    recorded_at        TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    UNIQUE (case_id, revision)
);

-- The key and certificate that sign exported PDFs; the latest row is in use.
CREATE TABLE signing_identities (
    id          INTEGER PRIMARY KEY,
    key_pem     BLOB NOT NULL,
    cert_pem    TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('generated', 'pkcs12')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

CREATE TRIGGER referrals_no_update BEFORE UPDATE ON referrals BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER referrals_no_delete BEFORE DELETE ON referrals BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER sharing_decisions_no_update BEFORE UPDATE ON sharing_decisions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER sharing_decisions_no_delete BEFORE DELETE ON sharing_decisions BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER staff_allegations_no_update BEFORE UPDATE ON staff_allegations BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER staff_allegations_no_delete BEFORE DELETE ON staff_allegations BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER signing_identities_no_update BEFORE UPDATE ON signing_identities BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER signing_identities_no_delete BEFORE DELETE ON signing_identities BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
