package org.mesosexec.api;

import java.util.Objects;

/**
 * The task that {@link Task#of} makes of a closure. A record, so that deserializing it goes through
 * its constructor and can never leave it without a supplier.
 *
 * @param supplier the closure that does the work
 * @param <T> what it returns
 */
public record FunctionTask<T>(SerializableSupplier<T> supplier) implements Task<T> {
  private static final long serialVersionUID = 1L;

  public FunctionTask {
    Objects.requireNonNull(supplier, "supplier");
  }

  @Override
  public T run(TaskContext context) {
    return supplier.get();
  }
}
