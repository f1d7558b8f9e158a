/**
 * Auto-configuration of the {@code vault} health component.
 */
@NullMarked
package dev.vaultapprole.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
