package dev.vaultapprole.authentication;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Searches the cause chain of a failure. Spring Vault, Spring's HTTP clients and JDBC
 * drivers each wrap the exception that says what happened, at different depths, so every
 * translation of a failure looks through the whole chain.
 */
public final class Causes {

	private Causes() {
	}

	/**
	 * The first throwable in the chain of the given type.
	 * @param <T> the type
	 * @param failure the failure, or {@code null}
	 * @param type the type to look for
	 * @return the first match, or {@code null}
	 */
	public static <T extends Throwable> @Nullable T find(@Nullable Throwable failure, Class<T> type) {
		Throwable found = first(failure, type::isInstance);
		return (found != null) ? type.cast(found) : null;
	}

	/**
	 * Whether any throwable in the chain matches.
	 * @param failure the failure, or {@code null}
	 * @param test the test
	 * @return {@code true} when one matches
	 */
	public static boolean any(@Nullable Throwable failure, Predicate<Throwable> test) {
		return first(failure, test) != null;
	}

	private static @Nullable Throwable first(@Nullable Throwable failure, Predicate<Throwable> test) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (test.test(current)) {
				return current;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

}
