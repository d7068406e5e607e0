-- Settlement (issue 6): every decided line priced once with its explanation, paid at most once, in daily batches
-- sealed with their control sums, written as pain.001 files, booked in a double-entry ledger that always balances.

-- ---------------------------------------------------------------------------------------------
-- Pricing: one row per line of a claim released to settlement, priced once (amo-rules §4.8).
-- ---------------------------------------------------------------------------------------------
create table settlement_line (
    claim_id         bigint         not null,
    line_no          integer        not null,
    billed           numeric(14, 2) not null check (billed >= 0),
    considered       numeric(14, 2) not null check (considered >= 0),     -- billed, or the amount review allowed
    base             numeric(14, 2) not null check (base >= 0),
    base_rule        text           not null check (base_rule in ('ACT_TNR', 'DAY_RATE_TNR', 'MEDICINE_PRIX_BR',
                                                    'DEVICE_FORFAIT', 'REVIEW_REJECTED', 'NO_REFERENCE')),
    tariff_ref       text,                                                 -- ref_tariff / PRIX_BR row used
    reference_value  numeric(14, 2),                                       -- TNR x coefficient x qty, PRIX_BR x qty...
    rate_ref         text,                                                 -- ref_rate row used
    rate_pct         numeric(5, 2),
    amount           numeric(14, 2) not null check (amount >= 0),
    penalty_pct      numeric(5, 2),
    paid             numeric(14, 2) not null check (paid >= 0),
    patient_share    numeric(14, 2) not null,
    ald_group        integer,                                              -- the recognition the ALD rate rests on
    review_decision  bigint references review_decision (id),
    rule_id          text           not null,
    rule_version     integer        not null,
    note             text,
    priced_at        timestamptz    not null default now(),
    primary key (claim_id, line_no),
    foreign key (claim_id, line_no) references claim_line (claim_id, line_no),
    check (paid <= billed),
    check (patient_share = billed - paid)
);
alter table claim add column priced_at timestamptz;
create index claim_waiting_pricing on claim (settleable_since) where settleable_since is not null and priced_at is null;

-- ---------------------------------------------------------------------------------------------
-- Settlement days and payment batches. One run per day; one batch per (day, payee kind); a batch is built and
-- sealed in one transaction, then written as a pain.001 file. A sealed batch never changes.
-- ---------------------------------------------------------------------------------------------
create table settlement_run (
    settlement_date  date        primary key,
    status           text        not null check (status in ('RUNNING', 'DONE')),
    started_at       timestamptz not null default now(),
    completed_at     timestamptz,
    started_by       text        not null
);

create table payment_batch (
    id               bigint generated always as identity primary key,
    settlement_date  date           not null references settlement_run (settlement_date),
    payee_kind       text           not null check (payee_kind in ('INSURED', 'PROVIDER')),
    msg_id           text           not null unique,
    status           text           not null check (status in ('SEALED', 'EXPORTED')),
    nb_of_txs        integer        not null check (nb_of_txs > 0),
    ctrl_sum         numeric(16, 2) not null check (ctrl_sum > 0),
    sealed_at        timestamptz    not null,
    file_name        text,
    file_sha256      text,
    exported_at      timestamptz,
    unique (settlement_date, payee_kind),
    check ((status = 'EXPORTED') = (exported_at is not null and file_sha256 is not null))
);

-- One credit transfer per creditor (RIB) in a batch; the bank's pain.002 may reject it.
create table payment_transaction (
    id               bigint generated always as identity primary key,
    batch_id         bigint         not null references payment_batch (id),
    end_to_end_id    text           not null unique,
    regime           text           not null,
    creditor_kind    text           not null check (creditor_kind in ('INSURED', 'PROVIDER')),
    creditor_ref     text           not null,                  -- insured id, or provider INPE
    creditor_rib     text           not null check (creditor_rib ~ '^[0-9]{24}$'),
    amount           numeric(16, 2) not null check (amount > 0),
    status           text           not null default 'SENT' check (status in ('SENT', 'REJECTED')),
    status_reason    text,
    status_at        timestamptz
);
create index payment_transaction_batch on payment_transaction (batch_id);

-- Each claim line paid in a transaction. At most one live payment per claim line, held by a unique index: a line
-- becomes payable again only when the bank rejected its transfer (returned).
create table payment_line (
    transaction_id   bigint         not null references payment_transaction (id),
    claim_id         bigint         not null,
    line_no          integer        not null,
    amount           numeric(14, 2) not null check (amount > 0),
    returned         boolean        not null default false,
    primary key (transaction_id, claim_id, line_no),
    foreign key (claim_id, line_no) references settlement_line (claim_id, line_no)
);
create unique index payment_line_paid_once on payment_line (claim_id, line_no) where not returned;

-- Sealed means sealed: control sums, message ids and amounts never change after the seal.
create function payment_sealed_guard() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'payment_batch' then
        if new.msg_id <> old.msg_id or new.nb_of_txs <> old.nb_of_txs or new.ctrl_sum <> old.ctrl_sum
           or new.sealed_at <> old.sealed_at or new.settlement_date <> old.settlement_date
           or new.payee_kind <> old.payee_kind
           or (old.file_sha256 is not null and new.file_sha256 is distinct from old.file_sha256) then
            raise exception 'payment batch % is sealed', old.id using errcode = 'check_violation';
        end if;
    elsif tg_table_name = 'payment_transaction' then
        if new.amount <> old.amount or new.creditor_rib <> old.creditor_rib or new.batch_id <> old.batch_id
           or new.end_to_end_id <> old.end_to_end_id then
            raise exception 'payment transaction % is sealed', old.id using errcode = 'check_violation';
        end if;
    elsif tg_table_name = 'payment_line' then
        if new.amount <> old.amount or new.transaction_id <> old.transaction_id or new.claim_id <> old.claim_id
           or new.line_no <> old.line_no or (old.returned and not new.returned) then
            raise exception 'payment line %/% is sealed', old.claim_id, old.line_no using errcode = 'check_violation';
        end if;
    end if;
    return new;
end $$;
-- Transfers and lines join a batch only in the transaction that builds and seals it.
create function payment_insert_guard() returns trigger language plpgsql as $$
declare
    created xid;
begin
    if tg_table_name = 'payment_transaction' then
        select xmin into created from payment_batch where id = new.batch_id;
    else
        select xmin into created from payment_transaction where id = new.transaction_id;
    end if;
    if created is distinct from pg_current_xact_id()::text::xid then
        raise exception 'a sealed payment batch gets no new % rows', tg_table_name using errcode = 'check_violation';
    end if;
    return new;
end $$;
create trigger payment_transaction_in_sealing before insert on payment_transaction
    for each row execute function payment_insert_guard();
create trigger payment_line_in_sealing before insert on payment_line
    for each row execute function payment_insert_guard();

create function payment_no_delete() returns trigger language plpgsql as $$
begin
    raise exception '% rows are never deleted', tg_table_name using errcode = 'check_violation';
end $$;
create trigger payment_batch_sealed before update on payment_batch for each row execute function payment_sealed_guard();
create trigger payment_transaction_sealed before update on payment_transaction
    for each row execute function payment_sealed_guard();
create trigger payment_line_sealed before update on payment_line for each row execute function payment_sealed_guard();
create trigger payment_batch_no_delete before delete on payment_batch for each row execute function payment_no_delete();
create trigger payment_transaction_no_delete before delete on payment_transaction
    for each row execute function payment_no_delete();
create trigger payment_line_no_delete before delete on payment_line for each row execute function payment_no_delete();

-- ---------------------------------------------------------------------------------------------
-- Double-entry ledger: every journal's entries sum to zero, checked by the database at commit.
-- Accounts: CLAIMS_EXPENSE:<regime> (debit when a line is paid), BANK_TRANSFERS (credit when sent; debit back when
-- the bank returns a transfer).
-- ---------------------------------------------------------------------------------------------
create table ledger_journal (
    id           bigint generated always as identity primary key,
    kind         text        not null check (kind in ('BATCH_SEALED', 'TRANSFER_RETURNED')),
    batch_id     bigint      references payment_batch (id),
    transaction_id bigint    references payment_transaction (id),
    booked_at    timestamptz not null default now(),
    description  text        not null
);
create unique index ledger_batch_once on ledger_journal (batch_id) where kind = 'BATCH_SEALED';
create unique index ledger_return_once on ledger_journal (transaction_id) where kind = 'TRANSFER_RETURNED';

create table ledger_entry (
    id           bigint generated always as identity primary key,
    journal_id   bigint         not null references ledger_journal (id),
    account      text           not null,
    amount       numeric(16, 2) not null check (amount <> 0)    -- debit > 0, credit < 0
);
create index ledger_entry_journal on ledger_entry (journal_id);

create function ledger_journal_balanced() returns trigger language plpgsql as $$
declare
    total numeric;
begin
    select coalesce(sum(amount), 0) into total from ledger_entry where journal_id = new.journal_id;
    if total <> 0 then
        raise exception 'ledger journal % does not balance (%)', new.journal_id, total using errcode = 'check_violation';
    end if;
    return null;
end $$;
create constraint trigger ledger_entry_balanced after insert on ledger_entry
    deferrable initially deferred for each row execute function ledger_journal_balanced();
create trigger ledger_entry_append_only before update or delete on ledger_entry
    for each row execute function payment_no_delete();
create trigger ledger_journal_append_only before update or delete on ledger_journal
    for each row execute function payment_no_delete();

-- Bank status reports applied, once each (by message id).
create table bank_status_report (
    msg_id        text        primary key,
    received_at   timestamptz not null default now(),
    transactions_rejected integer not null,
    file_sha256   text        not null
);

-- Settlement officers run settlement days, read payment files, apply bank returns.
alter table staff_user drop constraint staff_user_roles_check;
alter table staff_user add constraint staff_user_roles_check check (
    roles <@ array['ADJUSTER', 'SUPERVISOR', 'AUDITOR', 'SETTLEMENT_OFFICER'] and cardinality(roles) >= 1);

do $$
begin
    if exists (select 1 from pg_roles where rolname = '${appRole}') and '${appRole}' <> current_user then
        execute format('revoke update, delete, truncate on ledger_entry, ledger_journal from %I', '${appRole}');
        execute format('revoke delete, truncate on payment_batch, payment_transaction, payment_line from %I', '${appRole}');
        execute format('revoke update, delete, truncate on settlement_line from %I', '${appRole}');
    end if;
end $$;
