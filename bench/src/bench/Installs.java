package bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.mesosexec.testing.LocalRunner;

/**
 * Where the benchmarks get an executor to run: the checkout itself, or a distribution archive
 * unpacked into a new directory, as an agent's fetcher does for every executor (so the jar is in a
 * fresh directory each time).
 */
final class Installs {
  private Installs() {}

  /** {@code target/mesos-task-executor.tar.gz}: the plain archive, which must be built. */
  static Path plainArchive(Path root) {
    Path archive = root.resolve("target/mesos-task-executor.tar.gz");
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(archive + " is missing: mvn -DskipTests package builds it");
    }
    return archive;
  }

  /** The self-contained archive, when {@code mvn -Pbundled package} has built it. */
  static Optional<Path> bundledArchive(Path root) throws IOException {
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(root.resolve("target"), "mesos-task-executor-*-bundled.tar.gz")) {
      for (Path p : found) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Unpacks {@code archive} into a new directory under {@code scratch}; returns its home. */
  static Path unpack(Path archive, Path scratch) throws IOException, InterruptedException {
    return LocalRunner.unpack(archive, scratch);
  }

  /** Deletes what {@link #unpack} made (the parent of {@code home}). */
  static void remove(Path home) throws IOException {
    try (Stream<Path> files = Files.walk(home.getParent())) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The environment that points run-executor.sh at a class-data cache ({@code off}: none). */
  static Map<String, String> cache(Object dir) {
    return Map.of("EXECUTOR_CDS_DIR", dir.toString());
  }
}
