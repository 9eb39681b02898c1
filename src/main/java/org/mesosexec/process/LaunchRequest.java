package org.mesosexec.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to start one task process.
 *
 * @param argv program and arguments, exec'd directly (a shell command arrives as {@code /bin/sh -c
 *     CMD})
 * @param environment the complete environment of the process
 * @param directory working directory
 * @param stdout file that receives standard output (appended); opened by the launcher, so under the
 *     sandbox it is the {@code /proc/self/fd/N} path of a file the caller opened safely
 * @param stderr file that receives standard error (appended), as {@code stdout}
 * @param user user to run as, if not the executor's own
 */
public record LaunchRequest(
    List<String> argv,
    Map<String, String> environment,
    Path directory,
    Path stdout,
    Path stderr,
    Optional<String> user) {
  public LaunchRequest {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    environment = Map.copyOf(environment);
    Objects.requireNonNull(directory);
    Objects.requireNonNull(stdout);
    Objects.requireNonNull(stderr);
    Objects.requireNonNull(user);
  }
}
