/**
 * The only package that imports Camel: small adapters the YAML routes call, between exchanges and the stages'
 * plain Java (checked by ArchitectureTest).
 */
package ma.cnss.claims.camel;
