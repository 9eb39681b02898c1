package org.mesosexec.process;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A process's environment as {@code /proc/PID/environ} holds it: {@code NAME=value} entries, each
 * ended by a NUL byte, values read as UTF-8.
 */
final class Environ {
  /**
   * A variable of a process's environment, as far as it could be read: {@code known} is false when
   * the environment could not be read at all (the process is gone, belongs to a user whose
   * environment this process may not read, or is between exec and its new image, when the kernel
   * shows an empty environment), so a later read may still find it.
   */
  record Variable(boolean known, Optional<String> value) {
    static final Variable UNKNOWN = new Variable(false, Optional.empty());
  }

  private Environ() {}

  /**
   * The value of {@code name} in {@code env}; unknown when {@code env} holds no variable at all.
   */
  static Variable variable(byte[] env, String name) {
    if (!holdsAVariable(env)) {
      return Variable.UNKNOWN; // empty, or (in the middle of an exec) not filled in yet
    }
    byte[] key = (name + "=").getBytes(StandardCharsets.UTF_8);
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start >= key.length && startsWith(env, start, key)) {
          return new Variable(
              true,
              Optional.of(
                  new String(
                      env, start + key.length, i - start - key.length, StandardCharsets.UTF_8)));
        }
        start = i + 1;
      }
    }
    return new Variable(true, Optional.empty());
  }

  private static boolean holdsAVariable(byte[] env) {
    for (byte b : env) {
      if (b == '=') {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] data, int from, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (data[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
