-- Duplicate-care keys are claimed in intake's transaction before their claims are written, and written after
-- them (issue 8). Their foreign key to claim was deferred to the end of the batch and then checked row by row,
-- each check locking its claim (a WAL record per claim): 1.2-1.6 s of a national day's database time, with the
-- ON CONFLICT arbiter 2.7-4.2 s. The keys are now read, then written by COPY once the claims are, and the
-- reference is checked for the whole statement at once, as the other bulk references are (V19, V21).
-- The primary key on care_key stays the arbiter between concurrent writers.
alter table accepted_care drop constraint accepted_care_claim_id_fkey;
create trigger accepted_care_references_claim after insert on accepted_care referencing new table as inserted
    for each statement execute function references_claim();
create trigger accepted_care_claim_fixed before update of claim_id on accepted_care for each row
    when (old.claim_id is distinct from new.claim_id) execute function reference_keys_fixed('claim', 'claim_id');

-- claims were never deleted, rekeyed nor truncated (V19); the refusal now names accepted_care too
drop trigger claim_stays on claim;
drop trigger claim_not_truncated on claim;
drop trigger claim_id_fixed on claim;
create trigger claim_stays before delete on claim for each row
    execute function referenced_rows_stay('claim_line, fhir_resource, accepted_care');
create trigger claim_not_truncated before truncate on claim for each statement
    execute function referenced_rows_stay('claim_line, fhir_resource, accepted_care');
create trigger claim_id_fixed before update of id on claim for each row when (old.id is distinct from new.id)
    execute function referenced_rows_stay('claim_line, fhir_resource, accepted_care');
