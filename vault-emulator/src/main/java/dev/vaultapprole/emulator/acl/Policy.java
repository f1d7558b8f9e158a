package dev.vaultapprole.emulator.acl;

import java.util.List;

/**
 * A stored ACL policy: its name, the text as written and the parsed rules.
 *
 * @param name the lower-case name
 * @param raw the policy text exactly as it was written (after base64 decoding)
 * @param paths the rules, in the order written
 * @param templated whether a path uses identity templating such as
 * <code>{{identity.entity.id}}</code>
 */
record Policy(String name, String raw, List<PathRule> paths, boolean templated) {

	Policy named(String newName) {
		return new Policy(newName, this.raw, this.paths, this.templated);
	}

}
