package org.mesosexec.jvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the task class loaders of one executor have learnt of their jars, so that the next task on
 * the same jar neither opens it nor inflates and rewrites its classes again: the names of a jar's
 * entries once it has been opened as a jar, and the class files read from it as they are defined
 * (exit calls rewritten). Keyed by the jar's {@link JarIdentity}: a jar replaced on disk is opened
 * and read anew. Holds at most {@code maxBytes} (class files at their length, names at an estimate
 * of their heap), the least recently used dropped first; the map's own keys, values and nodes, some
 * 150 bytes a class file, are not counted in that bound. Only bytes are shared: every task's loader
 * defines classes of its own. Thread-safe; its lock is held for a map operation only.
 */
final class JarCache {
  /** The executor's bound: the classes of a few large task jars. */
  static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  /** What a name costs in a set: the string, its array and the set's node. */
  private static final int NAME_OVERHEAD = 96;

  /** An entry of a jar; a null entry stands for the jar's index, the names of its entries. */
  private record Key(JarIdentity jar, String entry) {}

  private record Value(Object held, long bytes) {}

  private final long maxBytes;
  private final Map<Key, Value> held = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
  private long bytes; // guarded by this

  JarCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The names of the entries of {@code jar}, known once it opened as a jar; null if unknown. */
  @SuppressWarnings("unchecked") // only index() puts a set under a null entry
  synchronized Set<String> index(JarIdentity jar) {
    Value v = held.get(new Key(jar, null));
    return v == null ? null : (Set<String>) v.held();
  }

  /** Keeps the names of the entries of {@code jar}, which opened as a jar. */
  void putIndex(JarIdentity jar, Set<String> names) {
    long cost = 0;
    for (String name : names) {
      cost += NAME_OVERHEAD + name.length();
    }
    put(new Key(jar, null), Set.copyOf(names), cost);
  }

  /** The class file read before from {@code entry} of {@code jar}, or null. */
  synchronized byte[] classFile(JarIdentity jar, String entry) {
    Value v = held.get(new Key(jar, Objects.requireNonNull(entry)));
    return v == null ? null : (byte[]) v.held();
  }

  /**
   * Keeps {@code code}, the class file of {@code entry} in {@code jar} as it is defined. The caller
   * never changes the array afterwards.
   */
  void putClassFile(JarIdentity jar, String entry, byte[] code) {
    put(new Key(jar, Objects.requireNonNull(entry)), code, code.length);
  }

  /** The bytes held, never more than the bound. */
  synchronized long bytes() {
    return bytes;
  }

  /** Keeps {@code value}, dropping the least recently used to stay within the bound. */
  private synchronized void put(Key key, Object value, long cost) {
    if (cost > maxBytes) {
      return; // larger than the whole cache: read anew each time
    }
    Value before = held.put(key, new Value(value, cost));
    bytes += cost - (before == null ? 0 : before.bytes());
    var eldest = held.values().iterator();
    while (bytes > maxBytes) {
      bytes -= eldest.next().bytes();
      eldest.remove();
    }
  }
}
