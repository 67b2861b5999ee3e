package dev.mq.kinesis.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Supplies a {@link KinesisEndpoint} to test constructors and methods:
 * {@code @ExtendWith(KinesisEndpointExtension.class)} and a parameter of that type. The endpoint
 * is {@link KinesisEmulators#shared()}: found or started once per test JVM, and stopped when the
 * test plan ends (through the root store, which closes {@link AutoCloseable} values) or, failing
 * that, when the JVM exits. {@link #endpoint()} gives the same endpoint without injection.
 */
public final class KinesisEndpointExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KinesisEndpointExtension.class);

  /** The shared endpoint, started on first use. */
  public static KinesisEndpoint endpoint() {
    return KinesisEmulators.shared();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KinesisEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(SharedEndpoint.class, k -> new SharedEndpoint(KinesisEmulators.shared()),
            SharedEndpoint.class)
        .endpoint;
  }

  /** Held in the root store so that JUnit stops the shared emulator when the test plan ends. */
  private static final class SharedEndpoint implements AutoCloseable {
    private final KinesisEndpoint endpoint;

    private SharedEndpoint(KinesisEndpoint endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public void close() {
      KinesisEmulators.stopShared();
    }
  }
}
