-- Core schema of amo-claims. PostgreSQL is the system of record: every guarantee the pipeline makes
-- (no file counted twice, no claim_ref accepted twice per submitter, lines belong to one claim) is a
-- constraint here, not a code path.

-- ---------------------------------------------------------------------------------------------
-- Intake: one row per received file (submission), its claims and their lines, and every issue found.
-- ---------------------------------------------------------------------------------------------
create table submission (
    id               bigint generated always as identity primary key,
    submitter_inpe   text        not null,
    channel          text        not null check (channel in ('FILE', 'HTTP')),
    format           text        not null check (format in ('CSV', 'FHIR')),
    file_name        text,                       -- display only, never used as a path
    checksum_sha256  text        not null check (checksum_sha256 ~ '^[0-9a-f]{64}$'),
    byte_size        bigint      not null check (byte_size >= 0),
    idempotency_key  text,
    status           text        not null check (status in ('RECEIVED', 'PROCESSING', 'DONE', 'FAILED')),
    received_at      timestamptz not null default now(),
    completed_at     timestamptz,
    rows_read        integer     not null default 0,
    claims_received  integer     not null default 0,
    claims_accepted  integer     not null default 0,
    claims_rejected  integer     not null default 0,
    claims_flagged   integer     not null default 0,
    failure_code     text,
    failure_message  text,
    -- the same file from the same submitter is one submission, whatever channel or name it came with
    constraint submission_same_file_once unique (submitter_inpe, checksum_sha256),
    constraint submission_counts_add_up check (claims_accepted + claims_rejected <= claims_received)
);
create unique index submission_idempotency_key_once
    on submission (submitter_inpe, idempotency_key) where idempotency_key is not null;
create index submission_received_at on submission (received_at);

create table claim (
    id                  bigint      primary key,   -- from claim_id_seq, fetched in blocks by the intake
    submission_id       bigint      not null references submission (id),
    submitter_inpe      text        not null,
    claim_ref           text        not null,
    source_row          integer     not null,      -- first data row of the claim in its file (1 = first row after the header)
    status              text        not null check (status in
                            ('RECEIVED', 'REJECTED', 'ACCEPTED', 'PARTIALLY_ACCEPTED', 'FLAGGED',
                             'INCOMPLETE', 'DECIDED', 'SETTLED')),
    regime              text        check (regime in ('TADAMON', 'TNS', 'SALARIE', 'ACHAMIL')),
    insured_id          text,
    beneficiary_rank    integer,
    patient_birth_date  date,
    provider_inpe       text,
    sector              text        check (sector in ('PRIVATE', 'PUBLIC')),
    care_setting        text        check (care_setting in ('AMBULATORY', 'HOSPITAL')),
    admission_date      date,
    discharge_date      date,
    prior_approval_ref  text,
    diagnoses           text[],
    payee               text        check (payee in ('INSURED', 'PROVIDER')),
    stated_total        numeric(14, 2),
    first_service_date  date,
    received_at         timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create sequence claim_id_seq as bigint cache 1;
-- a claim_ref is accepted once per submitter forever; a refused claim may be sent again corrected
create unique index claim_ref_once_per_submitter
    on claim (submitter_inpe, claim_ref) where status <> 'REJECTED';
create index claim_submission on claim (submission_id);
create index claim_status on claim (status);
create index claim_beneficiary on claim (insured_id, beneficiary_rank);

create table claim_line (
    claim_id      bigint         not null references claim (id),
    line_no       integer        not null check (line_no >= 1),
    source_row    integer        not null,
    status        text           not null check (status in ('RECEIVED', 'ACCEPTED', 'REJECTED')),
    line_type     text           check (line_type in ('ACT', 'MEDICINE', 'DEVICE', 'DAY_RATE')),
    code          text,
    quantity      integer        check (quantity >= 1),
    service_date  date,
    billed        numeric(14, 2) check (billed >= 0),
    primary key (claim_id, line_no)
);

-- Every reason a file, claim or line was refused, with where it was found (row/column or FHIR path).
create table claim_issue (
    id             bigint generated always as identity primary key,
    submission_id  bigint  not null references submission (id),
    claim_id       bigint  references claim (id),
    line_no        integer,
    source_row     integer,
    location       text,            -- CSV column name or FHIR path
    reason_code    text    not null,
    message_fr     text    not null
);
create index claim_issue_submission on claim_issue (submission_id);
create index claim_issue_claim on claim_issue (claim_id);

-- ---------------------------------------------------------------------------------------------
-- Registry, fed by extract files (members, providers, ALD recognitions, prior approvals).
-- ---------------------------------------------------------------------------------------------
create table member (
    insured_id        text    not null check (insured_id ~ '^[0-9]{1,20}$'),
    beneficiary_rank  integer not null check (beneficiary_rank >= 0),
    regime            text    not null check (regime in ('TADAMON', 'TNS', 'SALARIE', 'ACHAMIL')),
    relationship      text    not null check (relationship in ('SELF', 'SPOUSE', 'CHILD')),
    birth_date        date    not null,
    sex               text    not null check (sex in ('M', 'F')),
    rights_from       date    not null,
    rights_to         date,
    rib               text    check (rib ~ '^[0-9]{24}$'),
    updated_at        timestamptz not null default now(),
    primary key (insured_id, beneficiary_rank),
    check (rights_to is null or rights_to >= rights_from),
    check ((beneficiary_rank = 0) = (relationship = 'SELF'))
);

create table provider (
    inpe        text primary key,
    name        text not null,
    kind        text not null check (kind in
                    ('GP', 'SPECIALIST', 'DENTIST', 'PHARMACY', 'LAB', 'IMAGING', 'CLINIC', 'PUBLIC_HOSPITAL')),
    sector      text not null check (sector in ('PRIVATE', 'PUBLIC')),
    ice         text check (ice ~ '^[0-9]{15}$'),
    rib         text check (rib ~ '^[0-9]{24}$'),
    updated_at  timestamptz not null default now()
);

create table ald_recognition (
    insured_id        text    not null,
    beneficiary_rank  integer not null,
    ald_group         integer not null check (ald_group between 1 and 41),
    icd10             text    not null,
    valid_from        date    not null,
    valid_to          date    not null,
    updated_at        timestamptz not null default now(),
    primary key (insured_id, beneficiary_rank, ald_group, valid_from),
    check (valid_to >= valid_from)
);

create table prior_approval (
    reference         text primary key,
    insured_id        text    not null,
    beneficiary_rank  integer not null,
    provider_inpe     text    not null,
    valid_from        date    not null,
    valid_to          date    not null,
    scope             text    not null,
    updated_at        timestamptz not null default now(),
    check (valid_to >= valid_from)
);

-- One row per registry extract file applied, so the same extract is never applied twice by accident.
create table registry_extract (
    id               bigint generated always as identity primary key,
    kind             text        not null check (kind in ('members', 'providers', 'ald_recognitions', 'prior_approvals')),
    file_name        text,
    checksum_sha256  text        not null,
    rows_applied     integer     not null,
    rows_rejected    integer     not null,
    applied_at       timestamptz not null default now(),
    unique (kind, checksum_sha256)
);

create table registry_extract_issue (
    extract_id  bigint  not null references registry_extract (id),
    source_row  integer not null,
    location    text,
    message_fr  text    not null
);

-- ---------------------------------------------------------------------------------------------
-- Reference data, dated: what applies is what was valid at the date of care.
-- ---------------------------------------------------------------------------------------------
create table ref_icd10 (
    code        text primary key,      -- with dot, e.g. E11.9; 3-character codes too (E11)
    title       text not null,
    valid_from  date not null,
    valid_to    date
);

create table ref_medicine (
    ean13             text    not null check (ean13 ~ '^[0-9]{13}$'),
    valid_from        date    not null,
    valid_to          date,
    name              text    not null,
    ppv               numeric(12, 2),
    prix_br           numeric(12, 2),
    generic           boolean not null,
    reimbursement_pct numeric(5, 2) not null,
    primary key (ean13, valid_from)
);

create table ref_ald_group (
    ald_group     integer primary key check (ald_group between 1 and 41),
    label_fr      text not null,
    icd10_ranges  text not null,           -- e.g. 'E10-E14' or 'K70.3;K74'; empty when unknown
    confidence    text not null
);

create table ref_tariff (
    code        text    not null,          -- NGAP letter key (C, CS, K, B, Z, D...) or TNR item / day-rate kind
    sector      text    not null check (sector in ('PRIVATE', 'PUBLIC')),
    valid_from  date    not null,
    valid_to    date,
    value_mad   numeric(12, 2) not null check (value_mad >= 0),
    unit        text    not null,
    status      text    not null check (status in ('OFFICIAL', 'ILLUSTRATIVE')),
    source      text    not null,
    primary key (code, sector, valid_from)
);
