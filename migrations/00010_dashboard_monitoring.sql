-- +goose Up

-- Monitoring revisions (strategy.IsMonitoringAction: progress recorded on
-- measures, milestones and indicators, also after adoption) counted apart
-- in each activity bucket; revisions still counts every revision. Buckets
-- written before this column count their monitoring as 0 until the
-- dashboard projection is rebuilt.
ALTER TABLE proj_dashboard.activity ADD COLUMN monitoring integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE proj_dashboard.activity DROP COLUMN monitoring;
