/**
 * Review by CNSS adjusters. In: claims the flagging stage put in the queue (review_state PENDING). Out: decisions
 * (approve with line rejections or reductions, request a document, confirm or return under four eyes); a decided
 * claim is released to settlement. {@link ma.cnss.claims.review.ReviewRules} holds the rules in plain Java,
 * {@link ma.cnss.claims.review.ReviewService} applies them in PostgreSQL, every look recorded in the audit trail.
 */
package ma.cnss.claims.review;
