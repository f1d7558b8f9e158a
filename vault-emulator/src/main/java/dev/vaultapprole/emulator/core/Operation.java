package dev.vaultapprole.emulator.core;

/**
 * The logical operation of a request, as Vault derives it from the HTTP verb.
 */
public enum Operation {

	/** {@code GET} (and {@code HEAD}). */
	READ("read"),

	/** {@code LIST}, or {@code GET} with {@code ?list=true}. */
	LIST("list"),

	/** {@code POST}/{@code PUT} to a path whose backend reports that nothing exists there yet. */
	CREATE("create"),

	/** {@code POST}/{@code PUT}. */
	UPDATE("update"),

	/** {@code DELETE}. */
	DELETE("delete");

	private final String capability;

	Operation(String capability) {
		this.capability = capability;
	}

	/**
	 * The ACL capability that allows this operation.
	 * @return the capability name, as written in policies
	 */
	public String capability() {
		return this.capability;
	}

	/**
	 * Whether this operation writes.
	 * @return {@code true} for create and update
	 */
	public boolean isWrite() {
		return this == CREATE || this == UPDATE;
	}

}
