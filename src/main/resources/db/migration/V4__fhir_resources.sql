-- FHIR R4 resources of accepted claims, encoded once when the claim is decided and served as stored.
create table fhir_resource (
    resource_type   text        not null check (resource_type in ('Claim', 'Patient', 'Coverage', 'Practitioner',
                                                                  'Organization')),
    id              text        not null,
    claim_id        bigint      references claim (id),       -- for Claim
    submitter_inpe  text,                                   -- for Claim: who may read it
    patient_id      text,                                   -- for Claim and Coverage: the Patient's id
    last_updated    timestamptz not null default now(),
    body            jsonb       not null,
    primary key (resource_type, id)
);
create index fhir_claim_by_submitter on fhir_resource (submitter_inpe, patient_id) where resource_type = 'Claim';
create index fhir_claim_last_updated on fhir_resource (last_updated) where resource_type = 'Claim';

-- claims decided and accepted wait for their FHIR encoding
alter table claim add column fhir_mapped_at timestamptz;
create index claim_waiting_fhir on claim (id)
    where fhir_mapped_at is null and status in ('ACCEPTED', 'PARTIALLY_ACCEPTED');
