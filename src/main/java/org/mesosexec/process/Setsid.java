package org.mesosexec.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code setsid(1)} is on this host, looked up once: every process the executor starts for a
 * task, a hook or a check runs through it, so that it leads its own session and process group and
 * can be killed with everything it started. Thread-safe.
 */
public final class Setsid {
  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
  private static final Optional<Path> FOUND = firstExecutable(CANDIDATES);

  private Setsid() {}

  /** The {@code setsid} program, or empty when the host has none (no own process group then). */
  public static Optional<Path> path() {
    return FOUND;
  }

  /** The first of {@code candidates} that is executable. */
  static Optional<Path> firstExecutable(List<Path> candidates) {
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
