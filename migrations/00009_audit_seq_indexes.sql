-- +goose Up

-- The audit log reads in seq order (00006), filtered: each filter column
-- gets an index with seq, so that a page stays an index range. A rebuild
-- copies them (projections/rebuild_schema.go).
CREATE INDEX revisions_subject_seq ON proj_history.revisions (subject_id, seq);
CREATE INDEX revisions_actor_seq ON proj_history.revisions (actor_id, seq);
CREATE INDEX revisions_actor_organisation_seq ON proj_history.revisions (actor_organisation_id, seq);
CREATE INDEX revisions_type_seq ON proj_history.revisions (subject_type, seq);
CREATE INDEX revisions_action_seq ON proj_history.revisions (action, seq);

-- +goose Down
DROP INDEX proj_history.revisions_action_seq;
DROP INDEX proj_history.revisions_type_seq;
DROP INDEX proj_history.revisions_actor_organisation_seq;
DROP INDEX proj_history.revisions_actor_seq;
DROP INDEX proj_history.revisions_subject_seq;
