-- Less work per claim (issue 8).

-- The shared FHIR resources (Patient, Coverage, Practitioner/Organization) were encoded again for every claim that
-- refers to them, only for the upsert to find the same body: half of the JVM's time on a national day went to
-- HAPI's JSON encoder. Each stored resource now carries the fingerprint of the registry fields it was mapped from;
-- the mapping stage reads the batch's fingerprints in one query and encodes only what is missing or changed.
alter table fhir_resource add column source_fingerprint text;

-- Validation sets each line's status: with full pages every such update was a new tuple on another page plus a
-- primary-key entry. Room left on each page lets PostgreSQL update in place (HOT). Applies to pages written from now.
alter table claim_line set (fillfactor = 75);

-- What the rolling 12-month spend rule needs of each accepted claim, set by validation: the flagging stage no
-- longer joins every earlier claim of the batch's beneficiaries to their lines (131 ms a batch on a national day).
-- Null for claims validated before this migration: the query then sums their lines as before.
alter table claim add column accepted_billed numeric(16, 2);
alter table claim add column accepted_first_care date;

-- Every stage query that selects claims by status has its own partial index (claim_waiting_*): the full index on
-- status only added one more entry to write at every intake insert and every stage's update of a claim.
drop index claim_status;

-- The duplicate-care arbiter keyed by the MD5 of "insured|rank|provider|date|code" as a uuid instead of the text
-- itself: 16 bytes compared as bytes instead of about 45 compared by the collation; the index is a third of the
-- size (the largest single database cost of a national day). Nothing reads accepted_care by claim (claims are
-- never deleted), so the claim_id index only cost a write per accepted line.
alter table accepted_care alter column care_key type uuid using md5(care_key)::uuid;
drop index accepted_care_claim;

-- The HTTP intake worker takes the oldest staged submission (... where status in ('RECEIVED', 'PROCESSING') and
-- staged_path is not null order by id limit 1): no index matched that predicate, so every call walked the primary
-- key past every submission ever finished (1.4 ms a call after 12,000 one-claim submissions, growing with each).
create index submission_staged_waiting on submission (id)
    where staged_path is not null and status in ('RECEIVED', 'PROCESSING');
