package org.mesosexec.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.output.OutputSpec;
import org.mesosexec.output.Rotation;
import org.mesosexec.settings.RotationSettings;

/**
 * Settles one task's rotation of stdout and stderr: the spec's {@code output} values win over the
 * executor's settings, and a stream with no cap is not rotated. Stateless.
 */
final class Rotations {
  private static final Logger LOG = LogManager.getLogger(Rotations.class);

  private Rotations() {}

  /** Whether either stream of a task with {@code output} is rotated. */
  static boolean on(RotationSettings settings, OutputSpec output) {
    return stdoutCap(settings, output).isPresent() || stderrCap(settings, output).isPresent();
  }

  /**
   * Opens the rotations of the task's streams in {@code directory}; a stream that cannot be opened
   * is logged and left as it is (the task runs on, unrotated).
   */
  static List<Rotation> open(
      RotationSettings settings, OutputSpec output, Path sandbox, Path directory) {
    int keep = output.keep().orElse(settings.keep());
    List<Rotation> rotations = new ArrayList<>();
    open(sandbox, directory.resolve("stdout"), stdoutCap(settings, output), keep, rotations);
    open(sandbox, directory.resolve("stderr"), stderrCap(settings, output), keep, rotations);
    return rotations;
  }

  private static void open(
      Path sandbox, Path file, OptionalLong cap, int keep, List<Rotation> into) {
    if (cap.isEmpty()) {
      return;
    }
    try {
      Rotation.open(sandbox, file, cap.getAsLong(), keep, SandboxFiles.shared())
          .ifPresentOrElse(
              into::add, () -> LOG.warn("{} is not a regular file: it is not rotated", file));
    } catch (IOException e) {
      LOG.warn("{} cannot be opened for rotation, so it is not rotated: {}", file, e.toString());
    }
  }

  private static OptionalLong stdoutCap(RotationSettings settings, OutputSpec output) {
    return output.maxStdoutSize().isPresent() ? output.maxStdoutSize() : settings.maxStdoutSize();
  }

  private static OptionalLong stderrCap(RotationSettings settings, OutputSpec output) {
    return output.maxStderrSize().isPresent() ? output.maxStderrSize() : settings.maxStderrSize();
  }
}
