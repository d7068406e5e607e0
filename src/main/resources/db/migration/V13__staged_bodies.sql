-- Small HTTP bodies (single claims, small Bundles) are staged in PostgreSQL with their submission row, in the same
-- transaction: one commit makes the 202 durable, no file and no fsync of its own per request (issue 8: at 200
-- requests/s the staged-file fsyncs alone took half of what the disk can do). Larger bodies are still streamed to
-- the staging folder. Any instance can store a body staged here, without a shared folder.
create table staged_body (
    submission_id  bigint primary key references submission (id),
    body           bytea  not null
);
