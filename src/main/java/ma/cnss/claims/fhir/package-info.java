/**
 * FHIR R4 ({@code routes/30-fhir-mapping.camel.yaml}). In: accepted claims. Out: Claim, Patient, Coverage,
 * Practitioner/Organization encoded once and stored; the project's profiles, their fast checks and HAPI's
 * validator as oracle; ClaimResponse receipts.
 */
package ma.cnss.claims.fhir;
