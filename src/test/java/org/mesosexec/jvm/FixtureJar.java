package org.mesosexec.jvm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.mesosexec.jvm.fixtures.Greeting;
import org.mesosexec.settings.JvmSettings;

/**
 * Builds a sandbox with the test fixtures' classes in {@code lib/fixtures.jar}, copied from the
 * test classes, so that a task's class loader loads them fresh from the jar.
 */
public final class FixtureJar {
  public static final String JAR = "lib/fixtures.jar";
  public static final String FIXTURES = Greeting.class.getPackageName();
  static final String GADGET = "org.apache.commons.collections.functors";

  private FixtureJar() {}

  /** A sandbox under {@code root} with {@link #JAR} holding the fixtures and the gadget. */
  public static Path sandbox(Path root) {
    write(root.resolve(JAR), FIXTURES, GADGET);
    return root;
  }

  /** Settings with this filter and {@link #JAR} as the class path. */
  static JvmSettings settings(String filter) {
    return new JvmSettings(Optional.ofNullable(filter), List.of(JAR), 8, 256 * 1024);
  }

  /** Writes a jar of the test classes in {@code packages}. */
  static void write(Path jar, String... packages) {
    try {
      Files.createDirectories(jar.getParent());
      Path classes =
          Path.of(Greeting.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file)) {
        for (String pkg : packages) {
          Path dir = classes.resolve(pkg.replace('.', '/'));
          try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
              out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
              out.write(Files.readAllBytes(f));
              out.closeEntry();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
