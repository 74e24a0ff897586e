-- Emmett (npm @event-driven-io/emmett-postgresql): one event per
-- transaction on a random stream through its emt_append_to_stream
-- function, as its appendToStream calls it (expected position NULL: any;
-- partition its default tag, spelt so that pgbench does not take it for
-- a variable). Installed by bench/peers.sh
-- into the schema emt; pgbench runs with search_path=emt,public. Data as
-- in insert1.sql.
\set stream random(1, 1000000000)
\set version random(1, 1000000000)
SELECT * FROM emt_append_to_stream(
       ARRAY[gen_random_uuid()::text]::text[],
       ARRAY[jsonb_build_object('key', md5(CAST(:stream AS text))::uuid,
                                'body', repeat('The creative industries of the South Baltic. ', 6) || :version)]::jsonb[],
       ARRAY['{"actorId": "0190f3a2-0000-7000-8000-000000000001"}'::jsonb]::jsonb[],
       ARRAY['1']::text[], ARRAY['SectionUpdated']::text[], ARRAY['E']::text[],
       'strategy-' || md5(CAST(:stream AS text)), 'strategy', NULL, 'emt:' || 'default');
