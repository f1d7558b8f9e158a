/**
 * Vault's AWS secrets engine (secrets engine type {@code aws}), as Vault's
 * {@code builtin/logical/aws}, with the emulator standing in for AWS itself: it issues the
 * IAM user and STS keys, and an STS {@code GetCallerIdentity} endpoint under {@code /aws/}
 * checks requests signed with them, so tests can sign real requests with the AWS SDK.
 */
@NullMarked
package dev.vaultapprole.emulator.aws;

import org.jspecify.annotations.NullMarked;
