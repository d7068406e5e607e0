package ma.cnss.claims.review;

/**
 * What an adjuster or supervisor does with a claim: approve it (possibly rejecting or lowering lines), ask the
 * submitter for a missing document, record that the document arrived, or, for an approval above the four-eyes
 * amount, confirm it or return it to the queue (a supervisor other than its author).
 */
public enum DecisionKind {
    APPROVE, REQUEST_DOCUMENT, DOCUMENT_RECEIVED, CONFIRM, RETURN
}
