package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The sandbox of a local run and the files {@code --fetch} copies into it. */
public class LocalSandboxTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private LocalOptions options(Path sandbox, Path... fetches) {
    List<String> args = new ArrayList<>(List.of("tasks.json", "--sandbox", sandbox.toString()));
    for (Path f : fetches) {
      args.addAll(List.of("--fetch", f.toString()));
    }
    return LocalOptions.parse(args);
  }

  private Path file(String dir, String name, String text) throws IOException {
    Path d = tmp.getRoot().toPath().resolve(dir);
    Files.createDirectories(d);
    return Files.writeString(d.resolve(name), text);
  }

  @Test
  public void fetchedFilesLandInTheSandboxRootUnderTheirOwnNames() throws Exception {
    Path jar = file("build/libs", "tasks.jar", "jar bytes");
    Path conf = file("etc", "job.conf", "x=1");
    Path sandbox = tmp.getRoot().toPath().resolve("not-yet/sandbox");

    Path made = LocalSandbox.prepare(options(sandbox, jar, conf));

    assertEquals(sandbox.toAbsolutePath(), made);
    assertEquals("jar bytes", Files.readString(sandbox.resolve("tasks.jar")));
    assertEquals("x=1", Files.readString(sandbox.resolve("job.conf")));
  }

  @Test
  public void aFileLeftByAnEarlierRunIsReplaced() throws Exception {
    Path sandbox = tmp.newFolder("sandbox").toPath();
    Files.writeString(sandbox.resolve("tasks.jar"), "old");

    LocalSandbox.prepare(options(sandbox, file("new", "tasks.jar", "new")));

    assertEquals("new", Files.readString(sandbox.resolve("tasks.jar")));
  }

  @Test
  public void aMissingFileIsNamedAndNoSandboxIsMade() {
    Path missing = tmp.getRoot().toPath().resolve("no-such.jar");
    Path sandbox = tmp.getRoot().toPath().resolve("sandbox");

    IOException e =
        assertThrows(IOException.class, () -> LocalSandbox.prepare(options(sandbox, missing)));

    assertEquals("--fetch " + missing + ": no such file", e.getMessage());
    assertFalse(Files.exists(sandbox));
  }

  @Test
  public void aDirectoryIsRefused() throws Exception {
    Path dir = tmp.newFolder("lib").toPath();

    IOException e =
        assertThrows(
            IOException.class,
            () -> LocalSandbox.prepare(options(tmp.getRoot().toPath().resolve("s"), dir)));

    assertEquals("--fetch " + dir + ": not a readable file", e.getMessage());
  }

  @Test
  public void twoFilesOfTheSameNameAreRefused() throws Exception {
    Path a = file("a", "tasks.jar", "a");
    Path b = file("b", "tasks.jar", "b");
    Path sandbox = tmp.getRoot().toPath().resolve("sandbox");

    IOException e =
        assertThrows(IOException.class, () -> LocalSandbox.prepare(options(sandbox, a, b)));

    assertThat(e.getMessage(), containsString("both would be tasks.jar in the sandbox"));
    assertFalse(Files.exists(sandbox));
  }

  @Test
  public void withoutSandboxOptionANewDirectoryIsMadeUnderTheTempDir() throws Exception {
    Path jar = file("lib", "tasks.jar", "jar");

    Path made = LocalSandbox.prepare(LocalOptions.parse(List.of("t.json", "--fetch", "" + jar)));
    try {
      assertTrue(made.isAbsolute());
      assertEquals("jar", Files.readString(made.resolve("tasks.jar")));
    } finally {
      Files.delete(made.resolve("tasks.jar"));
      Files.delete(made);
    }
  }
}
