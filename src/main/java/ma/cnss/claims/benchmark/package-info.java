/**
 * The national-day benchmark ({@code amo-claims bench}): the whole pipeline on a generated day, from an empty
 * database, against the physical floor (PostgreSQL's COPY of the same rows), plus HTTP latency at a steady rate.
 * Not part of the test suite: it prints figures and writes them as JSON.
 */
package ma.cnss.claims.benchmark;
