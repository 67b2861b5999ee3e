package dev.mq.cli;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three providers are on the test class path (the jar ships them all): this picks
 * {@code mq.provider=inmemory} as a system property, the lowest-precedence source of the
 * command line, which {@code -D mq.provider=...} still overrides.
 */
final class InMemoryProviderExtension implements BeforeAllCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    System.setProperty("mq.provider", "inmemory");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    System.clearProperty("mq.provider");
  }
}
