package dev.mq.internal.access;

import dev.mq.Envelope;
import java.util.Objects;

/**
 * Not API. The hook through which {@link dev.mq.spi.Deliveries} sets the delivery data of an
 * {@link Envelope}, which the public API cannot: {@code Envelope} installs the only instance when
 * it is initialised (only a class nested in it can extend this one), and only {@code Deliveries}
 * can get it.
 */
public abstract class EnvelopeAccess {

  private static EnvelopeAccess installed; // guarded by EnvelopeAccess.class

  /** @throws IllegalStateException unless the subclass is nested in {@link Envelope} */
  protected EnvelopeAccess() {
    if (getClass().getNestHost() != Envelope.class) {
      throw new IllegalStateException("only Envelope provides envelope access");
    }
  }

  /**
   * Called once, by {@link Envelope}'s initialisation.
   *
   * @param access the hook that {@link Envelope} implements
   */
  public static synchronized void install(EnvelopeAccess access) {
    Objects.requireNonNull(access, "access");
    if (installed != null) {
      throw new IllegalStateException("envelope access is installed already");
    }
    installed = access;
  }

  /** The one class that may take the hook, with the class loader of this one. */
  private static final String DELIVERIES = "dev.mq.spi.Deliveries";

  /**
   * The hook, for {@code dev.mq.spi.Deliveries} only (named, not imported: the support layer
   * depends on this package, not the other way round).
   *
   * @return the hook {@link Envelope} installed
   * @throws IllegalCallerException for any other caller
   */
  public static EnvelopeAccess forDeliveries() {
    Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    if (!caller.getName().equals(DELIVERIES) || caller.getClassLoader() != EnvelopeAccess.class.getClassLoader()) {
      throw new IllegalCallerException("envelope access is for dev.mq.spi.Deliveries only");
    }
    try {
      // Envelope installs the hook when it is initialised; make sure it was
      Class.forName(Envelope.class.getName(), true, Envelope.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    synchronized (EnvelopeAccess.class) {
      return installed;
    }
  }

  /**
   * {@return {@code source} with this delivery data (0 and null: undelivered), sharing its body}
   *
   * @param source the envelope to copy
   * @param deliveryAttempt the delivery attempt, 1 for the first delivery
   * @param deliveryTag the provider's tag of this delivery
   */
  public abstract Envelope withDelivery(Envelope source, int deliveryAttempt, String deliveryTag);
}
