// Package natsforward forwards every revision from the PostgreSQL outbox
// to a NATS JetStream stream, for systems around the planner (a funder's
// reporting, a statistics office, a search index) that want the events
// without reading the planner's tables, and for the planner's own
// projections when they run from JetStream (projections.JetStreamSource,
// PLANNER_PROJECTIONS_SOURCE=jetstream).
//
// It is a Watermill router: a watermill-sql subscriber on the outbox topic
// "events" (consumer group "nats_forwarder") and the JetStream publisher
// of watermill-nats (github.com/ThreeDotsLabs/watermill-nats/v2, pkg/nats,
// with TrackMsgId so that the message id becomes the Nats-Msg-Id header).
// The stream itself is created or updated with nats.go's jetstream API,
// because the adapter's auto-provisioning names the stream after the
// topic and cannot set the duplicate window.
//
// # Subjects and messages
//
// One message per revision (a command's events on one document), on
//
//	<prefix>.<subject type>.<subject id>     e.g. planner.revisions.strategy.0193…
//
// with the prefix "planner.revisions" by default and the subject type in
// lower case (strategy, cooperation_concept, organisation, location). An
// outside consumer subscribes to one document, to one type
// (planner.revisions.strategy.*) or to everything (planner.revisions.>).
// The payload is the revision as JSON (eventstore.Revision without the
// read side's digest: stream type and id, revision, metadata, events with
// their positions, versions, types and data as stored; personal data
// stays sealed, so an erasure holds in the stream too). Headers:
// Nats-Msg-Id "<subject id>/<revision>", Planner-Subject-Type,
// Planner-Subject-Id, Planner-Revision, Planner-Position.
//
// # Guarantees
//
// In order per document: each message is published and acknowledged by
// JetStream before the next one is handled, and a per-stream guard
// (table nats_forwarded, the last revision acknowledged) skips revisions
// forwarded already and publishes missing ones from the events table
// before a later one (after the outbox was pruned before the forwarder
// first ran, for example).
//
// At least once, deduplicated: the outbox offset is committed after the
// guard, the guard after JetStream's acknowledgement. A crash or a NATS
// outage in between publishes the same revision again with the same
// Nats-Msg-Id, which JetStream drops within the stream's duplicate window
// (Config.DuplicateWindow, default 10 minutes): only a crash between the
// acknowledgement and the guard's write, followed by a restart later than
// that window, could store a revision twice, and consumers can tell by
// the Planner-Revision header.
//
// While NATS is unreachable nothing is published or skipped: the message
// is redelivered (a short pause apart) until NATS answers, without
// holding a transaction open meanwhile, and forwarding resumes where it
// stopped. A forwarder that stays off keeps its consumer group's offset
// behind, and outbox retention waits for it: delete its row from
// watermill_offsets_events when forwarding is switched off for good.
//
// # Metrics
//
// Forwarder.Collectors: planner_nats_forwarded_revisions_total and
// planner_nats_publish_failures_total count what this process did;
// planner_nats_forwarded_position and planner_nats_forward_lag_events
// (events after that position, capped at MaxLag) are read from
// nats_forwarded at scrape time.
package natsforward
