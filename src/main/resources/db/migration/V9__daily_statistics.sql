-- Daily statistics (issue 7): per deposit day (Casablanca) and regime, what became of the claims deposited that day.
-- A view over the system of record, so it can never disagree with it.

-- When a claim was first paid: the seal of the batch holding its first live payment.
create index payment_line_claim on payment_line (claim_id) where not returned;

create view claim_settlement as
select pl.claim_id, min(b.sealed_at) as settled_at, sum(pl.amount) as amount_paid
from payment_line pl
join payment_transaction t on t.id = pl.transaction_id
join payment_batch b on b.id = t.batch_id
where not pl.returned
group by pl.claim_id;

create view daily_statistics as
select (c.received_at at time zone 'Africa/Casablanca')::date as day,
       coalesce(c.regime, 'UNKNOWN') as regime,
       count(*) as deposited,
       count(*) filter (where c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')) as accepted,
       count(*) filter (where c.status = 'REJECTED') as rejected,
       count(*) filter (where exists (select 1 from claim_flag f where f.claim_id = c.id)) as flagged,
       count(s.claim_id) as settled,
       coalesce(sum(s.amount_paid), 0)::numeric(16, 2) as amount_paid_mad,
       percentile_cont(0.5) within group (order by extract(epoch from s.settled_at - c.received_at))
           filter (where s.claim_id is not null) as median_seconds_to_settlement,
       percentile_cont(0.9) within group (order by extract(epoch from s.settled_at - c.received_at))
           filter (where s.claim_id is not null) as p90_seconds_to_settlement
from claim c
left join claim_settlement s on s.claim_id = c.id
group by 1, 2;

-- The outcome of the last reconciliation, for the metric an alert watches.
create table reconciliation_result (
    id           bigint generated always as identity primary key,
    checked_at   timestamptz not null default now(),
    differences  integer     not null check (differences >= 0),
    batches      integer     not null,
    lines        bigint      not null
);
