-- payment_line_claim (claim_id) where not returned duplicated payment_line_paid_once (claim_id, line_no) where not
-- returned: the unique index, with the same predicate and claim_id first, serves every lookup by claim (the
-- claim_settlement view, the statistics). One index entry less for each of the day's paid lines (issue 8).
drop index payment_line_claim;
