-- 100 events of one stream per transaction (one command's worth of a bulk
-- import). The random base keeps versions of two transactions that pick
-- the same stream apart.
\set stream random(1, 1000000000)
\set base random(0, 10000000)
INSERT INTO bench_baseline (stream_id, version, event_type, data)
SELECT md5(CAST(:stream AS text))::uuid, :base * 100 + v, 'strategy.SectionUpdated',
       jsonb_build_object('key', md5(CAST(:stream AS text))::uuid,
                          'body', repeat('The creative industries of the South Baltic. ', 6) || v)
FROM generate_series(1, 100) AS v;
