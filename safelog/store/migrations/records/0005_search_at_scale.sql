-- records.db, version 5: search and counts that stay fast at school scale (200,000 concerns).
-- Prefix indexes let "results as you type" (the last word matched as a prefix) avoid scanning
-- every term; results come newest first, which FTS5 serves without ranking every match.
-- The search index is derived data, so it is rebuilt from the latest revisions.

DROP TABLE concern_search;

CREATE VIRTUAL TABLE concern_search USING fts5(
    facts, child_words, opinion, immediate_action, location, others_present,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4 5 6'
);

INSERT INTO concern_search (rowid, facts, child_words, opinion, immediate_action, location,
                            others_present)
SELECT r.concern_id, r.facts, r.child_words, r.opinion, r.immediate_action, r.location,
       r.others_present
FROM concern_revisions AS r
WHERE r.revision = (SELECT max(revision) FROM concern_revisions WHERE concern_id = r.concern_id);

-- Counts by category for a term read this index alone, never the concerns' text.
CREATE INDEX concern_revisions_by_time ON concern_revisions (occurred_at, concern_id, revision);
