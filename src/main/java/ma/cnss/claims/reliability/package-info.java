/**
 * Reliability: the invariant checker, judge of the crash, restart and duplicate tests (issue 9).
 */
package ma.cnss.claims.reliability;
