/**
 * Auto-configuration of AWS credentials from Vault's AWS secrets engine
 * ({@code vault.approle.aws.*}) for the AWS SDK v2.
 */
@NullMarked
package dev.vaultapprole.autoconfigure.aws;

import org.jspecify.annotations.NullMarked;
