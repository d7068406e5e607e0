-- The seal writes a batch's transfers and lines with one INSERT ... SELECT each (issue 8): the guard that keeps
-- rows from joining a batch sealed in another transaction now checks each statement's new rows as a set, instead of
-- running a query per row (three million rows for a day of a million claims).
drop trigger payment_transaction_in_sealing on payment_transaction;
drop trigger payment_line_in_sealing on payment_line;
drop function payment_insert_guard();

create function payment_transaction_insert_guard() returns trigger language plpgsql as $$
begin
    if exists (select 1 from inserted i join payment_batch b on b.id = i.batch_id
               where not (b.xmin = pg_current_xact_id()::text::xid)) then
        raise exception 'a sealed payment batch gets no new payment_transaction rows' using errcode = 'check_violation';
    end if;
    return null;
end $$;
create function payment_line_insert_guard() returns trigger language plpgsql as $$
begin
    if exists (select 1 from inserted i join payment_transaction t on t.id = i.transaction_id
               where not (t.xmin = pg_current_xact_id()::text::xid)) then
        raise exception 'a sealed payment batch gets no new payment_line rows' using errcode = 'check_violation';
    end if;
    return null;
end $$;
create trigger payment_transaction_in_sealing after insert on payment_transaction
    referencing new table as inserted for each statement execute function payment_transaction_insert_guard();
create trigger payment_line_in_sealing after insert on payment_line
    referencing new table as inserted for each statement execute function payment_line_insert_guard();
