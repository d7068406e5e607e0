-- Validation against the registry and the AMO rules.

-- One row per accepted act: the same care (beneficiary, provider, date, code) is accepted once, whatever the
-- channel, the submitter or the payee (a clinic's tiers-payant bill and the member's own reimbursement).
-- The primary key is the arbiter: two workers validating twins at once cannot both win.
create table accepted_care (
    care_key  text    primary key,     -- insured_id|rank|provider_inpe|service_date|code
    claim_id  bigint  not null references claim (id),
    line_no   integer not null
);
create index accepted_care_claim on accepted_care (claim_id);

-- A line may be accepted with a late-filing penalty (policy PENALTY) or rejected; the reason is in claim_issue.
alter table claim_line add column late_penalty_pct numeric(5, 2);
alter table claim add column validated_at timestamptz;
create index claim_waiting_validation on claim (id) where status = 'RECEIVED';

-- Which reference file was loaded, so start-up loads each version once.
create table reference_load (
    name             text primary key,
    checksum_sha256  text        not null,
    rows_loaded      integer     not null,
    loaded_at        timestamptz not null default now()
);
