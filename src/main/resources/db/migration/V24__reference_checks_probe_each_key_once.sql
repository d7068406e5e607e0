-- The statement-level reference checks (V19, V21, V23) probe each distinct key once, through the referenced table's
-- primary key, whatever the sizes of the tables when the check was first planned (issue 8).
--
-- Before: every inserted row was probed (a claim's three lines and three duplicate-care keys probed their claim three
-- times each; a file's thousand claims probed their one submission a thousand times: 1.5 million probes a national
-- day, 13 % of the database's CPU in a perf profile). And PL/pgSQL keeps the plan it made at a connection's first
-- check: planned while the referenced table was small, an anti-join may hash the whole table, then stays that plan
-- as the table grows. A LATERAL subquery with LIMIT 1 cannot become a hash join: it is always one index probe per key.

create or replace function claim_references_submission() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.submission_id::text into missing
    from (select distinct submission_id from inserted where submission_id is not null) i
    left join lateral (select 1 as found from submission p where p.id = i.submission_id limit 1) r on true
    where r.found is null limit 1;
    if missing is not null then
        raise exception 'insert into "claim" refused: no "submission" row with (id) = (%)', missing
            using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

create or replace function references_claim() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.claim_id::text into missing
    from (select distinct claim_id from inserted where claim_id is not null) i
    left join lateral (select 1 as found from claim p where p.id = i.claim_id limit 1) r on true
    where r.found is null limit 1;
    if missing is not null then
        raise exception 'insert into "%" refused: no "claim" row with (id) = (%)', tg_table_name, missing
            using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

create or replace function settlement_line_references_claim_line() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.claim_id || ', ' || i.line_no into missing
    from inserted i
    left join lateral (select 1 as found from claim_line p where p.claim_id = i.claim_id and p.line_no = i.line_no
                       limit 1) r on true
    where r.found is null limit 1;
    if missing is not null then
        raise exception 'insert into "settlement_line" refused: no "claim_line" row with (claim_id, line_no) = (%)',
            missing using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;

create or replace function payment_line_references() returns trigger language plpgsql as $$
declare missing text;
begin
    select i.claim_id || ', ' || i.line_no into missing
    from inserted i
    left join lateral (select 1 as found from settlement_line p where p.claim_id = i.claim_id
                       and p.line_no = i.line_no limit 1) r on true
    where r.found is null limit 1;
    if missing is not null then
        raise exception 'insert into "payment_line" refused: no "settlement_line" row with (claim_id, line_no) = (%)',
            missing using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    select i.transaction_id::text into missing
    from (select distinct transaction_id from inserted) i
    left join lateral (select 1 as found from payment_transaction p where p.id = i.transaction_id limit 1) r on true
    where r.found is null limit 1;
    if missing is not null then
        raise exception 'insert into "payment_line" refused: no "payment_transaction" row with (id) = (%)', missing
            using errcode = 'foreign_key_violation', table = tg_table_name, constraint = tg_name;
    end if;
    return null;
end $$;
