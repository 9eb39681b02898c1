package org.mesosexec.process;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * The native memory of one {@code posix_spawn} call in a single block, freed when closed: the pid
 * it writes, then {@code argv} and {@code envp} (each an array of pointers ended by NULL), then
 * their C strings. One allocation freed at once leaves nothing to JNA's cleaner, which would
 * otherwise keep a {@link Memory} per string (and one per array) in the heap and in malloc until a
 * GC finds it unreachable. Not thread-safe: one spawn's.
 */
final class SpawnBlock implements AutoCloseable {
  private static final int PID_BYTES = 8;

  private final Memory block;
  private final long base;
  private final long envpAt;
  private long next;

  /**
   * @param argv the command, each a C string (NUL-terminated)
   * @param envp the environment, each {@code NAME=VALUE} as a C string
   */
  SpawnBlock(List<byte[]> argv, List<byte[]> envp) {
    envpAt = PID_BYTES + (long) Native.POINTER_SIZE * (argv.size() + 1);
    next = envpAt + (long) Native.POINTER_SIZE * (envp.size() + 1);
    long bytes = next;
    for (byte[] s : argv) {
      bytes += s.length;
    }
    for (byte[] s : envp) {
      bytes += s.length;
    }
    block = new Memory(bytes);
    base = Pointer.nativeValue(block);
    block.setInt(0, 0);
    fill(PID_BYTES, argv);
    fill(envpAt, envp);
  }

  /** Where the call writes the child's pid. */
  Pointer pid() {
    return block;
  }

  /** The pid the call wrote. */
  int pidValue() {
    return block.getInt(0);
  }

  Pointer argv() {
    return new Pointer(base + PID_BYTES);
  }

  Pointer envp() {
    return new Pointer(base + envpAt);
  }

  /** Writes the pointer array at {@code at} and copies each string after the previous ones. */
  private void fill(long at, List<byte[]> strings) {
    long slot = at;
    for (byte[] s : strings) {
      block.write(next, s, 0, s.length);
      block.setPointer(slot, new Pointer(base + next));
      next += s.length;
      slot += Native.POINTER_SIZE;
    }
    block.setPointer(slot, null);
  }

  @Override
  public void close() {
    block.close();
  }
}
