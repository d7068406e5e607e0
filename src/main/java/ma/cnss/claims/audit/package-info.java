/**
 * Audit trail (law 09-08): who looked at which patient's data, when, why and with what outcome. Written by the
 * review and audit APIs; append-only in PostgreSQL.
 */
package ma.cnss.claims.audit;
