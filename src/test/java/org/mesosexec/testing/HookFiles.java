package org.mesosexec.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lays out an operator's hooks directory ({@code EXECUTOR_HOOKS_DIR}): shell-script hooks in {@code
 * <point>/} and service-loader jars at its top. The Java hook classes a jar names stay on the test
 * class path; the jar only carries {@code META-INF/services/org.mesosexec.hooks.TaskHook}, so a
 * Java hook is active only where a test puts such a jar.
 */
public final class HookFiles {
  public static final String SERVICE = "META-INF/services/org.mesosexec.hooks.TaskHook";

  private HookFiles() {}

  /**
   * Writes an executable {@code /bin/sh} script {@code hooksDir/point/name} with {@code body} after
   * the shebang line, and returns it.
   */
  public static Path script(Path hooksDir, String point, String name, String body)
      throws IOException {
    Path dir = Files.createDirectories(hooksDir.resolve(point));
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** Writes {@code hooksDir/jarName}, whose service file lists {@code classNames}. */
  public static Path serviceJar(Path hooksDir, String jarName, String... classNames)
      throws IOException {
    Files.createDirectories(hooksDir);
    Path jar = hooksDir.resolve(jarName);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(SERVICE));
      out.write((String.join("\n", classNames) + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  /** The lines of {@code file}, or an empty list while it does not exist. */
  public static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  /** Waits until {@code file} exists and is not empty; returns its text. */
  public static String awaitFile(Path file, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(file) || Files.size(file) == 0) {
      if (System.nanoTime() > end) {
        throw new AssertionError(file + " was not written within " + timeout);
      }
      Thread.sleep(10);
    }
    // A shell's echo may still be writing: wait for a complete last line.
    String text = Files.readString(file, StandardCharsets.UTF_8);
    while (!text.endsWith("\n") && System.nanoTime() < end) {
      Thread.sleep(10);
      text = Files.readString(file, StandardCharsets.UTF_8);
    }
    return text;
  }

  /** The lines that start with {@code prefix}: {@code "NAME="} picks one variable of env. */
  public static List<String> withPrefix(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
  }

  /**
   * The lines of the executor's log ({@code executor.log} under the {@code executor.sandbox} system
   * property, as the log4j configuration writes it) that contain {@code text}; empty when the log
   * is not there.
   */
  public static List<String> logLines(String text) throws IOException {
    Path log = executorLog();
    if (log == null || !Files.exists(log)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains(text)).collect(Collectors.toList());
    }
  }

  /** Where the executor's log is in tests, or null when the build did not say. */
  public static Path executorLog() {
    String sandbox = System.getProperty("executor.sandbox");
    return sandbox == null ? null : Path.of(sandbox, "executor.log");
  }

  /** Waits until the executor's log has a line with {@code text}; returns those lines. */
  public static List<String> awaitLog(String text, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    List<String> found = logLines(text);
    while (found.isEmpty()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "no line with '" + text + "' in " + executorLog() + " within " + timeout);
      }
      Thread.sleep(20);
      found = logLines(text);
    }
    return found;
  }
}
