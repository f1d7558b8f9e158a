/**
 * ACL policies: HCL and JSON parsing, path matching and capability checks.
 */
@NullMarked
package dev.vaultapprole.emulator.acl;

import org.jspecify.annotations.NullMarked;
