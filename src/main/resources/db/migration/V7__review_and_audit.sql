-- Review of flagged claims (issue 5), staff accounts, and the audit trail of every look at patient data.

-- ---------------------------------------------------------------------------------------------
-- More flags: a beneficiary's rolling 12-month spend, an amount far above the usual for the act.
-- ---------------------------------------------------------------------------------------------
alter table claim_flag drop constraint claim_flag_flag_check;
alter table claim_flag add constraint claim_flag_flag_check check (flag in (
    'ALD', 'POTENTIAL_ALD', 'COSTLY_TOTAL', 'COSTLY_INTENSIVE_CARE', 'COSTLY_MEDICINE', 'COSTLY_ROLLING_12M',
    'COSTLY_OUTLIER'));

-- Each beneficiary's ALD-linked cost per calendar year of care (billed amounts of accepted lines of ALD claims).
create table ald_cost_year (
    insured_id        text           not null,
    beneficiary_rank  integer        not null,
    ald_group         integer        not null,
    care_year         integer        not null,
    claims            integer        not null default 0 check (claims >= 0),
    billed            numeric(16, 2) not null default 0 check (billed >= 0),
    primary key (insured_id, beneficiary_rank, ald_group, care_year)
);

-- The running distribution of each act's unit amount (whole MAD buckets), for the outlier flag's median.
create table act_amount_histogram (
    code      text    not null,
    unit_mad  integer not null check (unit_mad >= 0),
    n         bigint  not null check (n > 0),
    primary key (code, unit_mad)
);

-- ---------------------------------------------------------------------------------------------
-- The review queue. A flagged claim is PENDING until an adjuster decides; a claim without flags is NOT_REQUIRED.
-- Only NOT_REQUIRED and DECIDED claims may be released to settlement: the database refuses anything else.
-- ---------------------------------------------------------------------------------------------
alter table claim add column review_state text check (review_state in
    ('NOT_REQUIRED', 'PENDING', 'INCOMPLETE', 'AWAITING_CONFIRMATION', 'DECIDED'));
alter table claim add column queued_at timestamptz;              -- entered the review queue
alter table claim add column settleable_since timestamptz;      -- released to settlement
alter table claim add column incomplete_since timestamptz;      -- waiting for a document from the submitter
alter table claim add column deadline_paused_days integer not null default 0 check (deadline_paused_days >= 0);
alter table claim add column review_decision_id bigint;          -- the decision that settles the claim's lines
alter table claim add constraint claim_held_until_reviewed
    check (settleable_since is null or review_state in ('NOT_REQUIRED', 'DECIDED'));
alter table claim add constraint claim_incomplete_has_since
    check ((review_state = 'INCOMPLETE') = (incomplete_since is not null));
create index claim_review_queue on claim (queued_at, id)
    where review_state in ('PENDING', 'INCOMPLETE', 'AWAITING_CONFIRMATION');

create table review_decision (
    id                     bigint generated always as identity primary key,
    claim_id               bigint      not null references claim (id),
    kind                   text        not null check (kind in
                               ('APPROVE', 'REQUEST_DOCUMENT', 'DOCUMENT_RECEIVED', 'CONFIRM', 'RETURN')),
    decided_by             text        not null,
    decided_role           text        not null,
    decided_at             timestamptz not null default now(),
    comment                text        check (length(comment) <= 2000),
    missing_document       text        check (length(missing_document) <= 500),
    approved_amount        numeric(14, 2),
    requires_confirmation  boolean     not null default false,
    answers_decision       bigint      references review_decision (id),   -- CONFIRM / RETURN: which approval
    check ((kind in ('CONFIRM', 'RETURN')) = (answers_decision is not null)),
    check (kind <> 'REQUEST_DOCUMENT' or missing_document is not null)
);
create index review_decision_claim on review_decision (claim_id);
-- an approval is confirmed or returned once
create unique index review_decision_answered_once on review_decision (answers_decision)
    where answers_decision is not null;
alter table claim add constraint claim_review_decision_fk foreign key (review_decision_id)
    references review_decision (id);

-- Four eyes, held by the database: a confirmation comes from someone else than the approval's author.
create function review_four_eyes() returns trigger language plpgsql as $$
declare
    author text;
begin
    if new.kind = 'CONFIRM' then
        select decided_by into author from review_decision where id = new.answers_decision;
        if author = new.decided_by then
            raise exception 'four eyes: % cannot confirm their own decision %', new.decided_by, new.answers_decision
                using errcode = 'check_violation';
        end if;
    end if;
    return new;
end $$;
create trigger review_decision_four_eyes before insert on review_decision
    for each row execute function review_four_eyes();

-- What an approval changed on each line: rejected with a reason, or lowered with a written justification.
create table review_line_adjustment (
    decision_id     bigint         not null references review_decision (id),
    claim_id        bigint         not null,
    line_no         integer        not null,
    action          text           not null check (action in ('REJECT', 'REDUCE')),
    allowed_amount  numeric(14, 2) check (allowed_amount >= 0),
    reason_code     text           not null,
    justification   text           not null check (length(justification) between 1 and 2000),
    primary key (decision_id, line_no),
    foreign key (claim_id, line_no) references claim_line (claim_id, line_no),
    check ((action = 'REDUCE') = (allowed_amount is not null))
);

-- ---------------------------------------------------------------------------------------------
-- Staff accounts (adjusters, supervisors, auditors) and their sessions. Passwords: bcrypt; tokens: SHA-256.
-- ---------------------------------------------------------------------------------------------
create table staff_user (
    username         text        primary key check (username ~ '^[a-z0-9._-]{3,64}$'),
    password_hash    text        not null,
    roles            text[]      not null check (roles <@ array['ADJUSTER', 'SUPERVISOR', 'AUDITOR']
                                                 and cardinality(roles) >= 1),
    enabled          boolean     not null default true,
    failed_sign_ins  integer     not null default 0,
    locked_until     timestamptz,
    created_at       timestamptz not null default now()
);

create table staff_session (
    id             text        primary key check (id ~ '^[0-9a-f]{12}$'),
    token_sha256   text        not null unique,
    username       text        not null references staff_user (username),
    created_at     timestamptz not null default now(),
    last_seen_at   timestamptz not null default now(),
    expires_at     timestamptz not null,
    revoked_at     timestamptz
);

-- ---------------------------------------------------------------------------------------------
-- Audit trail (law 09-08), shaped like a FHIR AuditEvent (IHE BALP): who, patient, what, when (UTC), outcome.
-- Append-only: no UPDATE, DELETE or TRUNCATE, whoever asks; the application role is not even granted them.
-- ---------------------------------------------------------------------------------------------
create table audit_event (
    id              bigint generated always as identity primary key,
    recorded_at     timestamptz not null default now(),
    action          text        not null check (action in ('C', 'R', 'U', 'D', 'E')),   -- AuditEvent.action
    subtype         text        not null check (subtype in
                        ('read', 'search', 'export', 'decision', 'sign-in', 'sign-out')),
    agent           text        not null,           -- staff username or clinic:<INPE>
    agent_roles     text        not null,
    patient         text,                           -- insured id / rank of the patient whose data was seen
    claim_id        bigint,
    query           text        check (length(query) <= 2000),
    outcome         text        not null check (outcome in ('0', '4', '8', '12')),  -- AuditEvent.outcome
    outcome_detail  text        check (length(outcome_detail) <= 500),
    purpose         text        not null default 'CLAIM_REVIEW',
    source_address  text
);
create index audit_event_recorded_at on audit_event (recorded_at);
create index audit_event_patient on audit_event (patient) where patient is not null;

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();

-- ---------------------------------------------------------------------------------------------
-- The application's own role: data rights only, never DDL, never a change to the audit trail.
-- Created here when the migrating user may create roles (the embedded database); otherwise the operator creates
-- it (README, "Database roles"). Later migrations' tables get the same rights through default privileges.
-- ---------------------------------------------------------------------------------------------
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '${appRole}') then
        if exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
            execute format('create role %I login', '${appRole}');
        else
            raise notice 'role ${appRole} does not exist and cannot be created here: create it, then grant';
            return;
        end if;
    end if;
    if '${appRole}' = current_user then
        return;   -- one role for migrations and the application: the triggers above still guard the audit trail
    end if;
    execute format('grant usage on schema %I to %I', current_schema(), '${appRole}');
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', current_schema(),
                   '${appRole}');
    execute format('grant usage, select, update on all sequences in schema %I to %I', current_schema(),
                   '${appRole}');
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I',
                   current_schema(), '${appRole}');
    execute format('alter default privileges in schema %I grant usage, select, update on sequences to %I',
                   current_schema(), '${appRole}');
    execute format('revoke update, delete, truncate on audit_event from %I', '${appRole}');
    execute format('revoke all on flyway_schema_history from %I', '${appRole}');
end $$;

-- Claims flagged before this migration join the queue (or go straight on) as the flagging stage now decides.
update claim c set review_state = case when exists (select 1 from claim_flag f where f.claim_id = c.id)
                                       then 'PENDING' else 'NOT_REQUIRED' end
where flagged_at is not null;
update claim set queued_at = flagged_at where review_state = 'PENDING';
update claim set settleable_since = flagged_at where review_state = 'NOT_REQUIRED';
