-- V19's reference checks as functions with static SQL (one per referenced table), instead of one generic function
-- building its query (format + EXECUTE) at every statement: PL/pgSQL keeps the plan of static SQL, while EXECUTE parsed
-- and planned the query each time. A one-claim file (HTTP) writes five such statements through the stages; a national
-- day about 1,300 (the shared FHIR resources are written in statements of 128 rows).

create function claim_references_submission() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.submission_id::text into missing from inserted i
    where i.submission_id is not null and not exists (select 1 from submission p where p.id = i.submission_id) limit 1;
    if missing is not null then
        raise exception 'insert into "claim" refused: no "submission" row with (id) = (%)', missing
            using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

-- a claim line's and a stored Claim's reference to their claim: the same check on two tables
create function references_claim() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.claim_id::text into missing from inserted i
    where i.claim_id is not null and not exists (select 1 from claim p where p.id = i.claim_id) limit 1;
    if missing is not null then
        raise exception 'insert into "%" refused: no "claim" row with (id) = (%)', tg_table_name, missing
            using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

create function settlement_line_references_claim_line() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.claim_id || ', ' || i.line_no into missing from inserted i
    where not exists (select 1 from claim_line p where p.claim_id = i.claim_id and p.line_no = i.line_no) limit 1;
    if missing is not null then
        raise exception 'insert into "settlement_line" refused: no "claim_line" row with (claim_id, line_no) = (%)',
            missing using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

create function payment_line_references() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.claim_id || ', ' || i.line_no into missing from inserted i
    where not exists (select 1 from settlement_line p where p.claim_id = i.claim_id and p.line_no = i.line_no) limit 1;
    if missing is not null then
        raise exception 'insert into "payment_line" refused: no "settlement_line" row with (claim_id, line_no) = (%)',
            missing using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    select i.transaction_id::text into missing from inserted i
    where not exists (select 1 from payment_transaction p where p.id = i.transaction_id) limit 1;
    if missing is not null then
        raise exception 'insert into "payment_line" refused: no "payment_transaction" row with (id) = (%)', missing
            using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

drop trigger claim_references_submission on claim;
create trigger claim_references_submission after insert on claim referencing new table as inserted
    for each statement execute function claim_references_submission();
drop trigger claim_line_references_claim on claim_line;
create trigger claim_line_references_claim after insert on claim_line referencing new table as inserted
    for each statement execute function references_claim();
drop trigger fhir_resource_references_claim on fhir_resource;
create trigger fhir_resource_references_claim after insert on fhir_resource referencing new table as inserted
    for each statement execute function references_claim();
drop trigger settlement_line_references_claim_line on settlement_line;
create trigger settlement_line_references_claim_line after insert on settlement_line referencing new table as inserted
    for each statement execute function settlement_line_references_claim_line();
drop trigger payment_line_references_settlement_line on payment_line;
drop trigger payment_line_references_payment_transaction on payment_line;
create trigger payment_line_references after insert on payment_line referencing new table as inserted
    for each statement execute function payment_line_references();
drop function references_exist();
