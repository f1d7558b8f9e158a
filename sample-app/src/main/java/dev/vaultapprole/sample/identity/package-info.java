/**
 * The sample's business endpoints: the database and AWS identities it runs as.
 */
@NullMarked
package dev.vaultapprole.sample.identity;

import org.jspecify.annotations.NullMarked;
