/**
 * The sample's AWS client: an STS client that signs with the application's
 * {@code AwsCredentialsProvider} bean.
 */
@NullMarked
package dev.vaultapprole.sample.aws;

import org.jspecify.annotations.NullMarked;
