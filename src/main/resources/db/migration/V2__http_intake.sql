-- HTTP intake: bodies are staged durably on disk and recorded as RECEIVED before the 202 answer; a worker then
-- takes each RECEIVED submission (FOR UPDATE SKIP LOCKED, so several instances share the work) and stores its claims.
alter table submission add column staged_path text;
alter table submission add column attempts integer not null default 0;
alter table submission add column last_error text;
create index submission_waiting on submission (id) where status = 'RECEIVED';

-- Clinic API keys. Only a SHA-256 of the key is stored: keys are 256-bit random secrets, so a fast hash is safe
-- and keeps authentication cheap at 200 requests/s.
create table api_key (
    id              text primary key,            -- public part of the key, shown in logs
    submitter_inpe  text        not null check (submitter_inpe ~ '^[0-9]{1,20}$'),
    key_sha256      text        not null unique check (key_sha256 ~ '^[0-9a-f]{64}$'),
    created_at      timestamptz not null default now(),
    revoked_at      timestamptz
);
create index api_key_submitter on api_key (submitter_inpe);
