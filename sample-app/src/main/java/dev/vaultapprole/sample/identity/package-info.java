/**
 * The sample's business endpoint: the database identity it runs as.
 */
@NullMarked
package dev.vaultapprole.sample.identity;

import org.jspecify.annotations.NullMarked;
