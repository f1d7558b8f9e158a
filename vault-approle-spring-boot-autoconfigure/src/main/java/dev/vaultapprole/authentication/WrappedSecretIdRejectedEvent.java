package dev.vaultapprole.authentication;

import org.jspecify.annotations.Nullable;

/**
 * Published when a wrapped secret_id is refused before use, because its wrapping
 * token was already used or unknown, or was created for another path. Either may
 * mean someone intercepted it.
 * <p>
 * With the starter it is published to the application context as a
 * {@code PayloadApplicationEvent}. With {@code vault.approle.fail-fast=false} the first
 * login runs while the context is still creating its beans, before Spring registers
 * {@code @EventListener} methods: listen with an {@code ApplicationListener} bean to see
 * a rejection at startup.
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
