-- One event per transaction on a random stream. Random (stream, version)
-- pairs from 10^18 never collide in practice; a collision would abort the
-- client, which pgbench reports as failed transactions.
\set stream random(1, 1000000000)
\set version random(1, 1000000000)
INSERT INTO bench_baseline (stream_id, version, event_type, data)
VALUES (md5(CAST(:stream AS text))::uuid, :version, 'strategy.SectionUpdated',
        jsonb_build_object('key', md5(CAST(:stream AS text))::uuid,
                           'body', repeat('The creative industries of the South Baltic. ', 6) || :version));
