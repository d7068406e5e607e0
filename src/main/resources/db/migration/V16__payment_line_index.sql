-- The primary key of payment_line starts with transaction_id, so it already serves every lookup by transfer (the
-- pain.001 writer's count per transfer, bank returns); V11's separate index only cost the seal an index entry per
-- paid line (155,000 on a national day).
drop index payment_line_transaction;
