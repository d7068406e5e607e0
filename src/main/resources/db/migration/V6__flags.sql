-- Chronic and costly cases (amo-rules §5): the flags each accepted claim gets, with their reasons.
create table claim_flag (
    claim_id   bigint  not null references claim (id),
    flag       text    not null check (flag in ('ALD', 'POTENTIAL_ALD', 'COSTLY_TOTAL', 'COSTLY_INTENSIVE_CARE',
                                                'COSTLY_MEDICINE')),
    ald_group  integer,
    reason_fr  text    not null,
    primary key (claim_id, flag)
);
alter table claim add column flagged_at timestamptz;
create index claim_waiting_flags on claim (id)
    where flagged_at is null and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED');
