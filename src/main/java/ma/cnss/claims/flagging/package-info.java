/**
 * Flagging ({@code routes/40-flagging.camel.yaml}). In: accepted claims. Out: ALD, potential-ALD and costly flags
 * with reasons, for the adjusters' review.
 */
package ma.cnss.claims.flagging;
