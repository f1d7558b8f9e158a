package dev.vaultapprole.emulator.acl;

/**
 * A policy that Vault's HCL library or policy decoder rejects; the message is the Go error
 * text that Vault puts after {@code failed to parse policy: }.
 */
final class HclSyntaxException extends RuntimeException {

	HclSyntaxException(String message) {
		super(message, null, false, false);
	}

	/**
	 * An error with a position, as Go's {@code parser.PosError}.
	 * @param pos the position text
	 * @param message the message
	 * @return the exception
	 */
	static HclSyntaxException at(String pos, String message) {
		return new HclSyntaxException("At " + pos + ": " + message);
	}

}
