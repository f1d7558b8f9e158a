package dev.vaultapprole.emulator.acl;

import java.util.ArrayList;
import java.util.List;

import dev.vaultapprole.emulator.core.Operation;

/**
 * The capability bits of an ACL rule, numbered as Vault numbers them.
 */
final class Capabilities {

	static final int DENY = 1;

	static final int CREATE = 1 << 1;

	static final int READ = 1 << 2;

	static final int UPDATE = 1 << 3;

	static final int DELETE = 1 << 4;

	static final int LIST = 1 << 5;

	static final int SUDO = 1 << 6;

	static final int PATCH = 1 << 7;

	static final int SUBSCRIBE = 1 << 8;

	private Capabilities() {
	}

	/**
	 * The bit of a capability name.
	 * @param name the name as written in a policy
	 * @return the bit, or 0 when Vault does not know the name
	 */
	static int bit(String name) {
		return switch (name) {
			case "deny" -> DENY;
			case "create" -> CREATE;
			case "read" -> READ;
			case "update" -> UPDATE;
			case "delete" -> DELETE;
			case "list" -> LIST;
			case "sudo" -> SUDO;
			case "patch" -> PATCH;
			case "subscribe" -> SUBSCRIBE;
			default -> 0;
		};
	}

	/**
	 * The bit an operation needs.
	 * @param operation the operation
	 * @return the bit
	 */
	static int of(Operation operation) {
		return switch (operation) {
			case READ -> READ;
			case LIST -> LIST;
			case CREATE -> CREATE;
			case UPDATE -> UPDATE;
			case DELETE -> DELETE;
		};
	}

	/**
	 * The names of a bitmap in the order {@code sys/capabilities} reports them; {@code deny}
	 * alone when the rule denies or grants nothing.
	 * @param bitmap the capability bits
	 * @return the names
	 */
	static List<String> names(int bitmap) {
		List<String> names = new ArrayList<>();
		if ((bitmap & DENY) != 0) {
			return List.of("deny");
		}
		addIf(names, bitmap, SUDO, "sudo");
		addIf(names, bitmap, READ, "read");
		addIf(names, bitmap, LIST, "list");
		addIf(names, bitmap, UPDATE, "update");
		addIf(names, bitmap, DELETE, "delete");
		addIf(names, bitmap, CREATE, "create");
		addIf(names, bitmap, PATCH, "patch");
		addIf(names, bitmap, SUBSCRIBE, "subscribe");
		return names.isEmpty() ? List.of("deny") : List.copyOf(names);
	}

	private static void addIf(List<String> names, int bitmap, int bit, String name) {
		if ((bitmap & bit) != 0) {
			names.add(name);
		}
	}

}
