/**
 * AWS credentials from Vault's AWS secrets engine, kept valid by the lease engine and
 * handed to the AWS SDK v2 through an {@code AwsCredentialsProvider}, so that every
 * client signs with the current keys without ever waiting for Vault.
 */
@NullMarked
package dev.vaultapprole.aws;

import org.jspecify.annotations.NullMarked;
