package dev.vaultapprole.authentication;

import org.jspecify.annotations.Nullable;

/**
 * Published when a wrapped secret_id is refused before use, because its wrapping
 * token was already used or unknown, or was created for another path. Either may
 * mean someone intercepted it.
 *
 * @param source the description of the secret_id source
 * @param expectedCreationPath the creation path a genuine token has
 * @param actualCreationPath the creation path Vault reported, {@code null} when
 * Vault did not know the token
 * @param detail what was detected, for messages
 */
public record WrappedSecretIdRejectedEvent(String source, String expectedCreationPath,
		@Nullable String actualCreationPath, String detail) {

}
