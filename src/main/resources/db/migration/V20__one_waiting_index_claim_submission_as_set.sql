-- Two more entries less for each claim written (issue 8).
--
-- 1. Claims waiting for their flags and claims waiting for their FHIR encoding had an index each, with the same
--    members: the flagging stage encodes the claims it flags in the same transaction (V4, V6, issue 8's in-hand
--    steps), so each accepted claim cost two index entries at intake. One index now holds the claims either stage
--    still has to look at; each stage's query adds its own condition (the planner proves the index's predicate
--    from it).
create index claim_waiting_stages on claim (id)
    where (flagged_at is null or fhir_mapped_at is null) and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED');
drop index claim_waiting_fhir;
drop index claim_waiting_flags;

-- 2. claim -> submission, checked once per statement as V19 does for the other bulk references: a file's claims
--    all reference its one submission, and the foreign key ran a query and a lock for each (111,200 a day).
alter table claim drop constraint claim_submission_id_fkey;
create trigger claim_references_submission after insert on claim referencing new table as inserted
    for each statement execute function references_exist('submission', 'submission_id', 'id');
create trigger claim_submission_fixed before update of submission_id on claim for each row
    when (old.submission_id is distinct from new.submission_id)
    execute function reference_keys_fixed('submission', 'submission_id');

create trigger submission_stays before delete on submission for each row
    execute function referenced_rows_stay('claim');
create trigger submission_not_truncated before truncate on submission for each statement
    execute function referenced_rows_stay('claim');
create trigger submission_id_fixed before update of id on submission for each row when (old.id is distinct from new.id)
    execute function referenced_rows_stay('claim');
