package org.mesosexec.api;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} that can be sent to the executor: a lambda whose target type is this interface
 * is serializable, with whatever it captures.
 *
 * @param <T> what it supplies
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
