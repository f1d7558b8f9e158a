package dev.vaultapprole.authentication;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A session that tells which token it holds and when it replaces it, so that the holder
 * of a lease can replace the lease before the token that read it ends and takes the
 * lease with it.
 */
public interface TokenTerms {

	/**
	 * The term of the token held now.
	 * @return the term, or {@code null} while the session holds no token
	 */
	@Nullable TokenTerm currentTerm();

	/**
	 * Registers a listener told, after the session put a new token in place, which term
	 * ended. It runs on the session's thread and must hand any Vault call to a thread of
	 * its own.
	 * @param listener receives the term of the replaced token; its {@code end} is the
	 * time that token still has, or the present when it was revoked
	 */
	void addTermListener(Consumer<TokenTerm> listener);

}
