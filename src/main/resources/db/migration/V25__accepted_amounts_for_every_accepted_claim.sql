-- Since V15 validation keeps each accepted claim's accepted amount and first care date on the claim; the 12-month
-- spend read of the flagging stage still summed the lines of claims validated before V15, in a per-row subquery that
-- cost 40 % of the read even when no such claim existed (issue 8). Those claims get the two columns here, once, as the
-- read computed them; the read now takes the columns alone. A claim accepted with no accepted line keeps them null
-- and counts for nothing, as before.
update claim c set accepted_billed = t.billed, accepted_first_care = t.first_care
from (select l.claim_id, min(l.service_date) as first_care, sum(l.billed) as billed
      from claim_line l where l.status = 'ACCEPTED' group by l.claim_id) t
where c.id = t.claim_id and c.accepted_billed is null and c.status in ('ACCEPTED', 'PARTIALLY_ACCEPTED');
