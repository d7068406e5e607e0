-- Poison claims (issue 9, R8). When a stage's code throws on one claim's data, the rest of its batch goes on and
-- the failure is counted here; after claims.stages.max-attempts the claim is quarantined: set aside with its
-- error for the support team, never taken by that stage again, while every other claim keeps flowing.
create table stage_failure (
    claim_id        bigint      not null references claim (id),
    stage           text        not null check (stage in ('VALIDATION', 'FHIR', 'FLAGGING')),
    attempts        integer     not null check (attempts > 0),
    last_error      text        not null,
    first_failed_at timestamptz not null default now(),
    last_failed_at  timestamptz not null default now(),
    quarantined_at  timestamptz,
    primary key (claim_id, stage)
);
create index stage_failure_quarantined on stage_failure (claim_id) where quarantined_at is not null;

-- a file whose claims were quarantined at validation is still finished: accepted + rejected + quarantined =
-- declared
alter table submission add column claims_quarantined integer not null default 0;

grant select, insert, update on stage_failure to ${appRole};
