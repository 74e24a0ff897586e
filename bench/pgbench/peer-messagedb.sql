-- Message DB (npm @eventide/message-db): one message per transaction on a
-- random stream through its write_message function, the way its clients
-- append. Installed by bench/peers.sh into the schema message_store; the
-- function calls its helpers unqualified, so pgbench runs with
-- search_path=message_store,public. Data as in insert1.sql.
\set stream random(1, 1000000000)
\set version random(1, 1000000000)
SELECT write_message(gen_random_uuid()::varchar, 'strategy-' || md5(CAST(:stream AS text)), 'SectionUpdated',
       jsonb_build_object('key', md5(CAST(:stream AS text))::uuid,
                          'body', repeat('The creative industries of the South Baltic. ', 6) || :version),
       '{"actorId": "0190f3a2-0000-7000-8000-000000000001"}'::jsonb);
