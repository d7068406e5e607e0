/**
 * Validation ({@code routes/20-validation.camel.yaml}). In: claims RECEIVED at intake. Out: each claim ACCEPTED,
 * PARTIALLY_ACCEPTED or REJECTED against the registry and the AMO rules ({@code rules/}), reasons per line.
 */
package ma.cnss.claims.validation;
