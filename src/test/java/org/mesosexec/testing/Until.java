package org.mesosexec.testing;

import static org.junit.Assert.assertTrue;

import java.util.function.BooleanSupplier;

/** Waits for a condition a test expects to become true, failing after 20 seconds. */
public final class Until {
  private static final long LIMIT_NANOS = 20_000_000_000L;

  private Until() {}

  /** Returns once {@code done} holds; fails the test if it does not within the limit. */
  public static void holds(BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + LIMIT_NANOS;
    while (!done.getAsBoolean()) {
      assertTrue("timed out", System.nanoTime() < until);
      Thread.sleep(10);
    }
  }
}
