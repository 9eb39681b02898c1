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

    LocalOptions options = options(sandbox, jar, conf);
    LocalSandbox made = LocalSandbox.locate(options);
    made.prepare(options);

    assertEquals(sandbox.toAbsolutePath(), made.path());
    assertEquals("jar bytes", Files.readString(sandbox.resolve("tasks.jar")));
    assertEquals("x=1", Files.readString(sandbox.resolve("job.conf")));
  }

  @Test
  public void aFileLeftByAnEarlierRunIsReplaced() throws Exception {
    Path sandbox = tmp.newFolder("sandbox").toPath();
    Files.writeString(sandbox.resolve("tasks.jar"), "old");

    LocalOptions options = options(sandbox, file("new", "tasks.jar", "new"));
    LocalSandbox.locate(options).prepare(options);

    assertEquals("new", Files.readString(sandbox.resolve("tasks.jar")));
  }

  @Test
  public void aMissingFileIsNamedAndTheSandboxAndTheDirectoriesMadeForItAreTakenAway()
      throws Exception {
    Path missing = tmp.getRoot().toPath().resolve("no-such.jar");
    Path parent = tmp.getRoot().toPath().resolve("runs");
    Path sandbox = parent.resolve("sandbox");
    LocalOptions options = options(sandbox, missing);
    LocalSandbox made = LocalSandbox.locate(options);

    IOException e = assertThrows(IOException.class, () -> made.prepare(options));
    made.abandon();

    assertEquals("--fetch " + missing + ": no such file", e.getMessage());
    assertFalse(Files.exists(parent));
    assertTrue(Files.isDirectory(tmp.getRoot().toPath()));
  }

  @Test
  public void aSandboxThatWasThereBeforeIsKeptWithWhatIsInIt() throws Exception {
    Path sandbox = tmp.newFolder("kept").toPath();
    Files.writeString(sandbox.resolve("notes.txt"), "mine");
    Path empty = tmp.newFolder("empty-but-mine").toPath();

    LocalSandbox.locate(options(sandbox)).abandon();
    LocalSandbox.locate(options(empty)).abandon();

    assertEquals("mine", Files.readString(sandbox.resolve("notes.txt")));
    assertTrue(Files.isDirectory(empty));
  }

  @Test
  public void aSandboxThatIsAFileIsRefusedBeforeAnythingIsMade() throws Exception {
    Path file = file("x", "plain", "text");

    IOException e = assertThrows(IOException.class, () -> LocalSandbox.locate(options(file)));

    assertEquals("--sandbox " + file + ": not a directory", e.getMessage());
  }

  @Test
  public void aDirectoryIsRefused() throws Exception {
    Path dir = tmp.newFolder("lib").toPath();

    LocalOptions options = options(tmp.getRoot().toPath().resolve("s"), dir);
    LocalSandbox made = LocalSandbox.locate(options);

    IOException e = assertThrows(IOException.class, () -> made.prepare(options));

    assertEquals("--fetch " + dir + ": not a readable file", e.getMessage());
  }

  @Test
  public void twoFilesOfTheSameNameAreRefused() throws Exception {
    Path a = file("a", "tasks.jar", "a");
    Path b = file("b", "tasks.jar", "b");
    Path sandbox = tmp.getRoot().toPath().resolve("sandbox");

    LocalOptions options = options(sandbox, a, b);
    LocalSandbox made = LocalSandbox.locate(options);

    IOException e = assertThrows(IOException.class, () -> made.prepare(options));
    made.abandon();

    assertThat(e.getMessage(), containsString("both would be tasks.jar in the sandbox"));
    assertFalse(Files.exists(sandbox));
  }

  @Test
  public void withoutSandboxOptionANewDirectoryIsMadeUnderTheTempDir() throws Exception {
    Path jar = file("lib", "tasks.jar", "jar");

    LocalOptions options = LocalOptions.parse(List.of("t.json", "--fetch", "" + jar));
    LocalSandbox sandbox = LocalSandbox.locate(options);
    sandbox.prepare(options);
    Path made = sandbox.path();
    try {
      assertTrue(made.isAbsolute());
      assertEquals("jar", Files.readString(made.resolve("tasks.jar")));
    } finally {
      Files.delete(made.resolve("tasks.jar"));
      Files.delete(made);
    }
  }
}
