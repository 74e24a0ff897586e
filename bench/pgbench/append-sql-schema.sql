-- Tables like the planner's events, commands and outbox, indexes and
-- constraints included, in a schema of their own: append-sql.sql writes
-- there, so that the log the other scenarios read stays the planner's.
DROP SCHEMA IF EXISTS append_sql CASCADE;
CREATE SCHEMA append_sql;
CREATE TABLE append_sql.events (LIKE public.events INCLUDING ALL);
CREATE TABLE append_sql.commands (LIKE public.commands INCLUDING ALL);
CREATE TABLE append_sql.watermill_events (LIKE public.watermill_events INCLUDING ALL);
