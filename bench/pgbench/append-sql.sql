-- The statements of one Store.Append (eventstore/store.go) of a
-- one-event revision, as the store sends them: one pipeline, one implicit
-- transaction. Runs with search_path=append_sql,public on the tables of
-- append-sql-schema.sql. It shows what the append's SQL alone costs next
-- to the raw INSERT, without the Go side. Data as in insert1.sql.
\set stream random(1, 1000000000)
\startpipeline
SELECT pg_advisory_xact_lock_shared(CAST(:stream AS bigint));
INSERT INTO events (event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
                    actor_id, actor_organisation_id, command_id, correlation_id, causation_id, action, reason, recorded_at, hash)
VALUES (gen_random_uuid(), 'STRATEGY', md5(CAST(:stream AS text))::uuid, 1, 1, 'strategy.SectionUpdated', 1,
        jsonb_build_object('key', md5(CAST(:stream AS text))::uuid,
                           'body', repeat('The creative industries of the South Baltic. ', 6) || CAST(:stream AS text)),
        '0190f3a2-0000-7000-8000-000000000001', NULL, gen_random_uuid(), NULL, NULL, 'updateSection', NULL, now(),
        sha256('\x0000000000000000000000000000000000000000000000000000000000000000'::bytea || sha256('header'::bytea)
               || sha256(convert_to(jsonb_build_object('body', CAST(:stream AS text))::text, 'UTF8'))))
RETURNING position, hash;
INSERT INTO commands (command_id, actor_id, input_hash, stream_type, stream_id, revision, position, recorded_at)
VALUES (gen_random_uuid(), '0190f3a2-0000-7000-8000-000000000001', '\x01', 'STRATEGY', md5(CAST(:stream AS text))::uuid, 1,
        currval(pg_get_serial_sequence('events', 'position')), now());
INSERT INTO watermill_events (uuid, payload, metadata, transaction_id)
SELECT gen_random_uuid()::text, string_agg(p.segment || COALESCE(e.position::text, ''), '' ORDER BY p.k)::json, '{}', pg_current_xact_id()
FROM unnest(ARRAY['{"events":[{"position":', '}],"body":"' || repeat('The creative industries of the South Baltic. ', 6) || '"}']::text[]) WITH ORDINALITY AS p(segment, k)
LEFT JOIN events e ON p.k <= 1 AND e.stream_id = md5(CAST(:stream AS text))::uuid AND e.version = 0 + p.k;
\endpipeline
