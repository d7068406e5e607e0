package ma.cnss.claims.intake;

import ma.cnss.claims.shared.ReasonCode;

/**
 * One reason a claim or a line was refused.
 *
 * @param lineNo   the claim line concerned, or null for the whole claim
 * @param fileLine the physical line of the file (header = 1), or null
 * @param location the CSV column name or FHIR path
 */
public record Issue(Integer lineNo, Integer fileLine, String location, ReasonCode reason, String messageFr) {
}
