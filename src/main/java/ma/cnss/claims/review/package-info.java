/**
 * Review by CNSS adjusters: the queue of flagged claims, decisions, four eyes and the audit trail. Not built yet:
 * it is the "Chronic and costly cases" issue; flagged claims are stored with their reasons meanwhile.
 */
package ma.cnss.claims.review;
