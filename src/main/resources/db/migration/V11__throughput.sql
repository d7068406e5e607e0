-- Throughput (issue 8), each change measured by the national-day benchmark (README, "Performance").

-- FHIR bodies are written once and served as stored; nothing queries inside them, so PostgreSQL need not parse
-- every resource into jsonb on the way in (nor render it back on the way out).
alter table fhir_resource alter column body type text using body::text;

-- the pain.001 writer counts each transfer's lines, and bank returns look lines up by transfer
create index payment_line_transaction on payment_line (transaction_id);
