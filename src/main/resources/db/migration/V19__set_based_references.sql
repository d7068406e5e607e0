-- The day's bulk rows check their references once per statement, as a set, instead of once per row (issue 8).
--
-- A foreign key runs a query and takes a row lock on the referenced row for every row written: on a national day
-- that is 1.2 million checks for these five references, and measured on the day's own rows it is most of the cost
-- of writing them (payment_line: 3.0 s with its two keys, 0.6 s without, 1.0 s checked as a set; settlement_line:
-- 1.8 s, 0.5 s, 0.9 s). The guarantee stays the database's own and stays whole:
--   * every statement that writes rows into a referencing table checks them all, in one anti-join, and refuses the
--     statement (SQLSTATE 23503, as a foreign key does) if one has no referenced row;
--   * the referencing columns never change afterwards;
--   * the referenced rows are never deleted, rekeyed nor truncated (nothing in the system ever did, and a claim,
--     a line or a priced line is a record CNSS keeps), so a reference that held when written holds for good. That
--     is what a foreign key's row lock is for, and why the set check needs none.
-- The rarer references (claim_issue, claim_flag, reviews, ledger, accepted_care) keep their foreign keys.

create function references_exist() returns trigger language plpgsql as $$
-- tg_argv: the referenced table, the referencing columns, the referenced columns (comma-separated)
declare
    referencing text;
    referenced  text;
    missing     text;
begin
    select string_agg('i.' || quote_ident(trim(c)), ', ') into referencing from unnest(string_to_array(tg_argv[1], ',')) c;
    select string_agg('p.' || quote_ident(trim(c)), ', ') into referenced from unnest(string_to_array(tg_argv[2], ',')) c;
    -- MATCH SIMPLE, as a foreign key: a row with a null in its reference is not checked
    execute format('select row(%1$s)::text from inserted i where row(%1$s) is not null
                    and not exists (select 1 from %2$I p where (%3$s) = (%1$s)) limit 1',
                   referencing, tg_argv[0], referenced) into missing;
    if missing is not null then
        raise exception 'insert into "%" refused: no "%" row with (%) = %', tg_table_name, tg_argv[0], tg_argv[2], missing
            using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

create function reference_keys_fixed() returns trigger language plpgsql as $$
begin
    raise exception '"%" (%) references "%" and never changes', tg_table_name, tg_argv[1], tg_argv[0]
        using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
end $$;

create function referenced_rows_stay() returns trigger language plpgsql as $$
begin
    raise exception '"%" rows are referenced by "%": they are never deleted, rekeyed nor truncated', tg_table_name,
        tg_argv[0] using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
end $$;

-- claim_line -> claim
alter table claim_line drop constraint claim_line_claim_id_fkey;
create trigger claim_line_references_claim after insert on claim_line referencing new table as inserted
    for each statement execute function references_exist('claim', 'claim_id', 'id');
-- its key never changes: claim_line_key_fixed below

-- fhir_resource -> claim (the stored Claims; shared resources have no claim)
alter table fhir_resource drop constraint fhir_resource_claim_id_fkey;
create trigger fhir_resource_references_claim after insert on fhir_resource referencing new table as inserted
    for each statement execute function references_exist('claim', 'claim_id', 'id');
create trigger fhir_resource_claim_fixed before update of claim_id on fhir_resource for each row
    when (old.claim_id is distinct from new.claim_id) execute function reference_keys_fixed('claim', 'claim_id');

create trigger claim_stays before delete on claim for each row
    execute function referenced_rows_stay('claim_line, fhir_resource');
create trigger claim_not_truncated before truncate on claim for each statement
    execute function referenced_rows_stay('claim_line, fhir_resource');
create trigger claim_id_fixed before update of id on claim for each row when (old.id is distinct from new.id)
    execute function referenced_rows_stay('claim_line, fhir_resource');

-- settlement_line -> claim_line
alter table settlement_line drop constraint settlement_line_claim_id_line_no_fkey;
create trigger settlement_line_references_claim_line after insert on settlement_line referencing new table as inserted
    for each statement execute function references_exist('claim_line', 'claim_id, line_no', 'claim_id, line_no');
create trigger settlement_line_claim_line_fixed before update of claim_id, line_no on settlement_line for each row
    when ((old.claim_id, old.line_no) is distinct from (new.claim_id, new.line_no))
    execute function reference_keys_fixed('claim_line', 'claim_id, line_no');

create trigger claim_line_stays before delete on claim_line for each row
    execute function referenced_rows_stay('settlement_line');
create trigger claim_line_not_truncated before truncate on claim_line for each statement
    execute function referenced_rows_stay('settlement_line');
create trigger claim_line_key_fixed before update of claim_id, line_no on claim_line for each row
    when ((old.claim_id, old.line_no) is distinct from (new.claim_id, new.line_no))
    execute function referenced_rows_stay('settlement_line');

-- payment_line -> settlement_line, payment_transaction (its keys never change: payment_sealed_guard, V8)
alter table payment_line drop constraint payment_line_claim_id_line_no_fkey;
alter table payment_line drop constraint payment_line_transaction_id_fkey;
create trigger payment_line_references_settlement_line after insert on payment_line referencing new table as inserted
    for each statement execute function references_exist('settlement_line', 'claim_id, line_no', 'claim_id, line_no');
create trigger payment_line_references_payment_transaction after insert on payment_line
    referencing new table as inserted
    for each statement execute function references_exist('payment_transaction', 'transaction_id', 'id');

create trigger settlement_line_stays before delete on settlement_line for each row
    execute function referenced_rows_stay('payment_line');
create trigger settlement_line_not_truncated before truncate on settlement_line for each statement
    execute function referenced_rows_stay('payment_line');
create trigger payment_transaction_not_truncated before truncate on payment_transaction for each statement
    execute function referenced_rows_stay('payment_line');
create trigger payment_transaction_id_fixed before update of id on payment_transaction for each row
    when (old.id is distinct from new.id) execute function referenced_rows_stay('payment_line');
-- deleting a payment_transaction row was already refused (payment_no_delete, V8)
