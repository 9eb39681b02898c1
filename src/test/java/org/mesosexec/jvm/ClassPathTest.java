package org.mesosexec.jvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;

public class ClassPathTest {
  private static final String SOURCE = "jvm.classpath";

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private Path sandbox;
  private Path outside;

  @Before
  public void folders() throws IOException {
    sandbox = temp.newFolder("sandbox").toPath();
    outside = temp.newFolder("outside").toPath();
  }

  private List<String> opened(String... entries) throws JvmTaskException, IOException {
    Path root = sandbox.toRealPath();
    List<TaskJar> jars =
        ClassPath.open(
            sandbox,
            List.of(entries),
            SOURCE,
            new JarAccess(new JarCache(0), SandboxFiles.shared()));
    try {
      return jars.stream()
          .map(j -> root.relativize(Path.of(j.name())))
          .map(Path::toString)
          .toList();
    } finally {
      ClassPath.closeAll(jars);
    }
  }

  private String refusal(String entry) {
    return assertThrows(JvmTaskException.class, () -> opened(entry)).getMessage();
  }

  private void jar(Path file) {
    FixtureJar.write(file, FixtureJar.GADGET);
  }

  @Test
  public void entriesAndGlobsOpenTheirJarsInOrderAndByName() throws Exception {
    jar(sandbox.resolve("app.jar"));
    jar(sandbox.resolve("lib/b.jar"));
    jar(sandbox.resolve("lib/a.jar"));
    jar(sandbox.resolve("lib/deps/c.jar"));
    assertEquals(
        List.of("app.jar", "lib/a.jar", "lib/b.jar", "lib/deps/c.jar"),
        opened("./app.jar", "lib/*.jar", "lib/*/c.jar"));
  }

  @Test
  public void aMissingEntryIsNamed() {
    assertEquals(
        "jvm.classpath entry 'lib/x.jar' does not exist in the sandbox", refusal("lib/x.jar"));
  }

  @Test
  public void aGlobThatMatchesNothingIsAnError() throws Exception {
    Files.createDirectories(sandbox.resolve("lib/empty.jar")); // a directory is no match
    assertEquals(
        "jvm.classpath entry 'lib/*.jar' matches no file in the sandbox", refusal("lib/*.jar"));
  }

  @Test
  public void absoluteAndClimbingEntriesAreRefused() {
    String why = " is not inside the sandbox (entries are sandbox-relative)";
    assertEquals("jvm.classpath entry '/etc/x.jar'" + why, refusal("/etc/x.jar"));
    assertEquals("jvm.classpath entry 'lib/../../x.jar'" + why, refusal("lib/../../x.jar"));
  }

  @Test
  public void aLinkOutOfTheSandboxIsRefused() throws Exception {
    jar(outside.resolve("evil.jar"));
    Files.createDirectories(sandbox.resolve("lib"));
    Files.createSymbolicLink(sandbox.resolve("lib/evil.jar"), outside.resolve("evil.jar"));
    Files.createSymbolicLink(sandbox.resolve("ext"), outside);
    String real = outside.toRealPath().resolve("evil.jar").toString();
    assertEquals(
        "jvm.classpath entry 'lib/evil.jar' leads outside the sandbox ('lib/evil.jar' is a link"
            + " to "
            + real
            + ")",
        refusal("lib/evil.jar"));
    assertEquals(
        "jvm.classpath entry 'ext/*.jar' leads outside the sandbox ('ext/evil.jar' is a link to "
            + real
            + ")",
        refusal("ext/*.jar"));
  }

  @Test
  public void aKnownJarWhoseLinkIsThenPointedOutOfTheSandboxIsRefused() throws Exception {
    JarAccess cached = new JarAccess(new JarCache(1 << 20), SandboxFiles.shared());
    jar(sandbox.resolve("lib/app-1.jar"));
    Path link = sandbox.resolve("lib/app.jar");
    Files.createSymbolicLink(link, Path.of("app-1.jar"));
    ClassPath.closeAll(ClassPath.open(sandbox, List.of("lib/app.jar"), SOURCE, cached));

    Files.copy(sandbox.resolve("lib/app-1.jar"), outside.resolve("app-1.jar"));
    Files.delete(link);
    Files.createSymbolicLink(link, outside.resolve("app-1.jar"));
    JvmTaskException e =
        assertThrows(
            JvmTaskException.class,
            () -> ClassPath.open(sandbox, List.of("lib/app.jar"), SOURCE, cached));
    assertEquals(
        "jvm.classpath entry 'lib/app.jar' leads outside the sandbox ('lib/app.jar' is a link to "
            + outside.toRealPath().resolve("app-1.jar")
            + ")",
        e.getMessage());
  }

  @Test
  public void aFileThatIsNotAZipIsRefusedAsCorrupt() throws Exception {
    Files.createDirectories(sandbox.resolve("lib"));
    Files.writeString(sandbox.resolve("lib/bad.jar"), "not a zip", StandardCharsets.UTF_8);
    String message = refusal("lib/bad.jar");
    assertTrue(
        message,
        message.startsWith(
            "jvm.classpath entry 'lib/bad.jar' leads to 'lib/bad.jar', which is not a jar: "));
  }

  @Test
  public void aDirectoryIsNotAJar() throws Exception {
    Files.createDirectories(sandbox.resolve("classes"));
    assertEquals(
        "jvm.classpath entry 'classes' leads to 'classes', which is not a file",
        refusal("classes"));
  }
}
