/**
 * AppRole credentials (secret_id sources, wrapped secret_ids) and a re-login-capable
 * {@code ClientAuthentication}, built on plain Spring Vault types.
 */
@NullMarked
package dev.vaultapprole.authentication;

import org.jspecify.annotations.NullMarked;
