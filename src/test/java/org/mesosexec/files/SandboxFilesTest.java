package org.mesosexec.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Both ways of reaching sandbox files, native and by name, with real links, FIFOs and directories
 * in the way: nothing outside is touched, nothing blocks.
 */
@RunWith(Parameterized.class)
public class SandboxFilesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  @Rule public Timeout timeout = new Timeout(30, TimeUnit.SECONDS);

  private final SandboxFiles files;

  public SandboxFilesTest(String name, SandboxFiles files) {
    this.files = files;
  }

  @Parameters(name = "{0}")
  public static List<Object[]> implementations() {
    return List.of(
        new Object[] {"shared", SandboxFiles.shared()},
        new Object[] {"by name", SandboxFiles.byName()});
  }

  private Path root() {
    return tmp.getRoot().toPath();
  }

  @Test
  public void replaceRemovesALinkAndLeavesItsTargetAlone() throws Exception {
    Path victim = tmp.newFile("victim").toPath();
    Files.writeString(victim, "precious");
    Path dir = tmp.newFolder("task").toPath();
    Files.createSymbolicLink(dir.resolve("health_check.log"), victim);

    try (OpenFile out = files.replace(root(), dir.resolve("health_check.log"))) {
      Files.writeString(out.path(), "X\n", java.nio.file.StandardOpenOption.APPEND);
    }

    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.isRegularFile(dir.resolve("health_check.log"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("X\n", Files.readString(dir.resolve("health_check.log")));
  }

  @Test
  public void replaceTakesThePlaceOfAFifoOrAnEmptyDirectory() throws Exception {
    Path dir = tmp.newFolder("task").toPath();
    mkfifo(dir.resolve("a.log"));
    Files.createDirectory(dir.resolve("b.log"));

    files.replace(root(), dir.resolve("a.log")).close();
    files.replace(root(), dir.resolve("b.log")).close();

    assertTrue(Files.isRegularFile(dir.resolve("a.log"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isRegularFile(dir.resolve("b.log"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  public void openRegularRefusesLinksFifosAndPathsOutsideTheRoot() throws Exception {
    Path real = tmp.newFile("real").toPath();
    Files.createSymbolicLink(root().resolve("link"), real);
    mkfifo(root().resolve("fifo"));

    assertEquals(Optional.empty(), files.openRegular(root(), root().resolve("link")));
    assertEquals(Optional.empty(), files.openRegular(root(), root().resolve("fifo")));
    assertEquals(Optional.empty(), files.openRegular(root(), root().resolve("missing")));
    assertThrows(IOException.class, () -> files.openRegular(root().resolve("link"), real));
    try (OpenFile f = files.openRegular(root(), real).orElseThrow()) {
      assertTrue(f.attributes().isRegularFile());
    }
  }

  @Test
  public void aTaskDirectoryIsAlwaysNewAndAnOldOneIsMovedAside() throws Exception {
    Path victim = tmp.newFile("victim").toPath();
    Path old = Files.createDirectories(root().resolve("tasks/t1"));
    Files.createSymbolicLink(old.resolve("stdout"), victim);

    try (TaskFiles out = files.makeTaskDirectory(root(), "t1", Optional.empty())) {
      Files.writeString(out.stdout().path(), "hello\n", java.nio.file.StandardOpenOption.APPEND);
    }

    assertEquals("", Files.readString(victim));
    assertEquals("hello\n", Files.readString(old.resolve("stdout")));
    assertTrue(Files.isRegularFile(old.resolve("stderr"), LinkOption.NOFOLLOW_LINKS));
    try (var entries = Files.list(root().resolve("tasks"))) {
      assertEquals(2, entries.count());
    }
    assertFalse(Files.isSymbolicLink(old.resolve("stdout")));
  }

  private static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    org.junit.Assume.assumeTrue("mkfifo works here", mk.waitFor() == 0);
  }
}
