/** Every Micrometer meter of the pipeline, and the figures read back from PostgreSQL for summaries. */
package ma.cnss.claims.metrics;
