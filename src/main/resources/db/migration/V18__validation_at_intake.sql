-- Validation in intake's transaction (issue 8): a claim is written once, with its outcome, instead of written
-- RECEIVED and updated by the validation stage. The duplicate-care arbiter is claimed before the batch's claims are
-- written (a duplicate line changes the claim's outcome), so its reference to the claim may wait, within the
-- transaction, until the claims are written: intake asks for that explicitly (SET CONSTRAINTS ... DEFERRED) and
-- checks it as soon as the batch is written (IMMEDIATE). Everywhere else it is checked at once, as before.
alter table accepted_care alter constraint accepted_care_claim_id_fkey deferrable initially immediate;
