package dev.vaultapprole.emulator.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * CIDR block checks for bound CIDRs on roles, secret IDs and tokens.
 */
public final class Cidrs {

	private Cidrs() {
	}

	/**
	 * Whether an address falls in any of the blocks; an empty list allows every address.
	 * @param blocks CIDR blocks or plain addresses
	 * @param address the client address
	 * @return {@code true} when allowed
	 */
	public static boolean allows(List<String> blocks, String address) {
		if (blocks.isEmpty()) {
			return true;
		}
		return blocks.stream().anyMatch((block) -> contains(block, address));
	}

	/**
	 * Whether a text is a valid CIDR block or address.
	 * @param block the text
	 * @return {@code true} when valid
	 */
	public static boolean isValid(String block) {
		try {
			parse(block);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static boolean contains(String block, String address) {
		try {
			Parsed parsed = parse(block);
			byte[] candidate = InetAddress.getByName(address).getAddress();
			if (candidate.length != parsed.network().length) {
				return false;
			}
			int bits = parsed.prefix();
			for (int i = 0; i < candidate.length && bits > 0; i++, bits -= 8) {
				int mask = (bits >= 8) ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
				if ((candidate[i] & mask) != (parsed.network()[i] & mask)) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return false;
		}
	}

	private static Parsed parse(String block) {
		String[] parts = block.trim().split("/", 2);
		if (!parts[0].matches("[0-9a-fA-F:.]+")) {
			throw new IllegalArgumentException("not an address");
		}
		try {
			byte[] network = InetAddress.getByName(parts[0]).getAddress();
			int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : network.length * 8;
			if (prefix < 0 || prefix > network.length * 8) {
				throw new IllegalArgumentException("bad prefix");
			}
			return new Parsed(network, prefix);
		}
		catch (UnknownHostException | NumberFormatException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private record Parsed(byte[] network, int prefix) {
	}

}
