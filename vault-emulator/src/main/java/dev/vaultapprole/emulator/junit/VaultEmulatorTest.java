package dev.vaultapprole.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose test methods take a {@link dev.vaultapprole.emulator.VaultEmulator}
 * parameter: each test method gets a fresh, started emulator, stopped after the test.
 * {@code @VaultEmulatorTest(tls = true)} gives emulators that serve HTTPS with a
 * generated CA ({@code VaultEmulator.caCertificate()}).
 *
 * <pre class="code">
 * &#64;VaultEmulatorTest
 * class MyTests {
 *
 *     &#64;Test
 *     void logsIn(VaultEmulator vault) {
 *         // vault.uri(), vault.rootToken(), vault.faults() ...
 *     }
 *
 * }
 * </pre>
 *
 * @see VaultEmulatorExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(VaultEmulatorExtension.class)
public @interface VaultEmulatorTest {

	/**
	 * Whether the emulators serve HTTPS, as {@code VaultEmulator.builder().tls()} does.
	 * @return {@code true} for HTTPS
	 */
	boolean tls() default false;

}
