/**
 * Settlement: pricing, ClaimResponse and EOB, daily payment batches (ISO 20022 pain.001), reconciliation. Not built
 * yet: it is the "Settlement" issue; the rate table and tariffs it will read are loaded as dated reference data.
 */
package ma.cnss.claims.settlement;
