-- records.db, version 2: full-text search over the latest revision of every concern.
-- The index is derived data (rebuilt from concern_revisions below), not a record, so it is the
-- one table SafeLog deletes from: when a concern is corrected, its old text leaves the index.
-- remove_diacritics 2 lets "Zoe" find "Zoë" and "Siobhan" find "Siobhán".

CREATE VIRTUAL TABLE concern_search USING fts5(
    facts, child_words, opinion, immediate_action, location, others_present,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO concern_search (rowid, facts, child_words, opinion, immediate_action, location,
                            others_present)
SELECT r.concern_id, r.facts, r.child_words, r.opinion, r.immediate_action, r.location,
       r.others_present
FROM concern_revisions AS r
WHERE r.revision = (SELECT max(revision) FROM concern_revisions WHERE concern_id = r.concern_id);
