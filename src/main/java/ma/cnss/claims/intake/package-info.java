/**
 * Intake: clinic claim files (CSV, FHIR Bundle) by file drop ({@code routes/10-intake.camel.yaml}) and HTTP
 * ({@code routes/15-intake-http.camel.yaml}). In: a file and its submitter. Out: a submission with its claims and
 * lines in PostgreSQL, RECEIVED for validation or REJECTED with reasons; receipts.
 */
package ma.cnss.claims.intake;
