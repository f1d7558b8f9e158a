package dev.vaultapprole.emulator.junit;

import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.vaultapprole.emulator.VaultEmulator;

/**
 * JUnit Jupiter extension that runs a {@link VaultEmulator} for tests and passes it to any
 * {@code VaultEmulator} parameter.
 * <p>
 * Declared with {@code @ExtendWith(VaultEmulatorExtension.class)} or
 * {@link VaultEmulatorTest @VaultEmulatorTest}, it gives each test method a fresh, started
 * emulator and stops it after the test; {@code @BeforeEach} and {@code @AfterEach} methods
 * of that test get the same one. Registered on a static field, one emulator serves the whole
 * class. {@code @VaultEmulatorTest(tls = true)}, or a customizer that calls
 * {@code builder.tls()}, gives emulators that serve HTTPS:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static VaultEmulatorExtension vault = VaultEmulatorExtension.perClass((builder) -&gt; builder.rootToken("root"));
 *
 * &#64;Test
 * void readsSecrets() {
 *     URI address = vault.emulator().uri();
 * }
 * </pre>
 */
public final class VaultEmulatorExtension
		implements ParameterResolver, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(VaultEmulatorExtension.class);

	private static final String KEY = "emulator";

	private final boolean perClass;

	private final Consumer<VaultEmulator.Builder> customizer;

	private @Nullable VaultEmulator shared;

	// Nested test classes run beforeAll/afterAll again: only the outermost pair starts and stops.
	private int classDepth;

	/**
	 * Creates the extension for {@code @ExtendWith}: a fresh emulator for each test method.
	 */
	public VaultEmulatorExtension() {
		this(false, (builder) -> {
		});
	}

	private VaultEmulatorExtension(boolean perClass, Consumer<VaultEmulator.Builder> customizer) {
		this.perClass = perClass;
		this.customizer = customizer;
	}

	/**
	 * An extension that gives each test method a fresh emulator.
	 * @return the extension
	 */
	public static VaultEmulatorExtension perMethod() {
		return new VaultEmulatorExtension();
	}

	/**
	 * An extension that gives each test method a fresh emulator built with custom settings.
	 * @param customizer adjusts the builder, e.g. a fixed root token or a
	 * {@link dev.vaultapprole.emulator.MutableClock}
	 * @return the extension
	 */
	public static VaultEmulatorExtension perMethod(Consumer<VaultEmulator.Builder> customizer) {
		return new VaultEmulatorExtension(false, customizer);
	}

	/**
	 * An extension, for a static field, whose one emulator serves every test of the class.
	 * @return the extension
	 */
	public static VaultEmulatorExtension perClass() {
		return perClass((builder) -> {
		});
	}

	/**
	 * An extension, for a static field, whose one emulator, built with custom settings,
	 * serves every test of the class.
	 * @param customizer adjusts the builder
	 * @return the extension
	 */
	public static VaultEmulatorExtension perClass(Consumer<VaultEmulator.Builder> customizer) {
		return new VaultEmulatorExtension(true, customizer);
	}

	/**
	 * The emulator shared by the class, started on first use.
	 * @return the running emulator
	 * @throws IllegalStateException for a per-method extension, whose emulators are only
	 * passed as parameters
	 */
	public synchronized VaultEmulator emulator() {
		if (!this.perClass) {
			throw new IllegalStateException("A per-method VaultEmulatorExtension has no shared emulator: "
					+ "declare a VaultEmulator parameter on the test method, or use VaultEmulatorExtension.perClass()");
		}
		VaultEmulator emulator = this.shared;
		if (emulator == null) {
			emulator = start();
			this.shared = emulator;
		}
		return emulator;
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		if (this.perClass) {
			this.classDepth++;
			emulator();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!this.perClass) {
			stop(context.getStore(NAMESPACE).remove(KEY, VaultEmulator.class));
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (!this.perClass) {
			// Emulators passed to a constructor or a @BeforeAll method live as long as the class.
			stop(context.getStore(NAMESPACE).remove(KEY, VaultEmulator.class));
			return;
		}
		this.classDepth--;
		if (this.classDepth <= 0) {
			stop(this.shared);
			this.shared = null;
			this.classDepth = 0;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == VaultEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		if (this.perClass) {
			return emulator();
		}
		ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
		synchronized (this) {
			VaultEmulator emulator = store.get(KEY, VaultEmulator.class);
			if (emulator == null) {
				emulator = start((builder) -> {
					if (annotation(extensionContext).map(VaultEmulatorTest::tls).orElse(false)) {
						builder.tls();
					}
				});
				store.put(KEY, emulator);
			}
			return emulator;
		}
	}

	private VaultEmulator start() {
		return start((builder) -> {
		});
	}

	private VaultEmulator start(Consumer<VaultEmulator.Builder> fromAnnotation) {
		VaultEmulator.Builder builder = VaultEmulator.builder();
		fromAnnotation.accept(builder);
		this.customizer.accept(builder);
		return builder.build().start();
	}

	// The annotation on the test class or, for a @Nested class, on an enclosing one.
	private static Optional<VaultEmulatorTest> annotation(ExtensionContext context) {
		for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
			Optional<VaultEmulatorTest> annotation = AnnotationSupport.findAnnotation(type, VaultEmulatorTest.class);
			if (annotation.isPresent()) {
				return annotation;
			}
		}
		return Optional.empty();
	}

	private static void stop(@Nullable VaultEmulator emulator) {
		if (emulator != null) {
			emulator.stop();
		}
	}

}
