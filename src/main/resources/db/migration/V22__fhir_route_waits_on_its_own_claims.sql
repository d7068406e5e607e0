-- The FHIR route's poll reads only the claims it can take (issue 8).
--
-- With the flagging stage encoding the claims it flags (the default), the FHIR route takes only what flagging left:
-- claims flagged and not encoded (a failed encoding). V20 gave both stages one index, so this route's poll walked
-- the whole flagging backlog in id order and found nothing: 40 ms a poll with 200,000 claims waiting for their
-- flags, five polls a second: 67.7 s of database time in the 1,000,000-claim run (EXPLAIN: 184,371 rows read and
-- removed by the filter). This index holds only the claims the route takes: flagging sets both markers in one
-- update, so it is normally empty and costs no entry per claim.
create index claim_waiting_fhir_after_flags on claim (id)
    where fhir_mapped_at is null and flagged_at is not null and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED');
