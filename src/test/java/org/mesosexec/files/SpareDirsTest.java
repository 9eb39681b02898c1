package org.mesosexec.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * Task directories made ahead of their task, through the executor's own native calls: what a task
 * and the sandbox's owner see is the same as for a directory made at the task's start.
 */
public class SpareDirsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  @Rule public Timeout timeout = new Timeout(30, TimeUnit.SECONDS);

  private final SandboxFiles files = SandboxFiles.shared();

  @Before
  public void nativeCalls() {
    Assume.assumeTrue("libc through JNA", files instanceof NativeSandboxFiles);
  }

  private Path root() {
    return tmp.getRoot().toPath();
  }

  private List<String> tasksEntries() throws Exception {
    try (Stream<Path> entries = Files.list(root().resolve("tasks"))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  public void aTaskDirectoryMadeFromASpareIsNewAndEmptyAndNothingElseIsLeft() throws Exception {
    files.prepareSpare(root());
    assertEquals(1, tasksEntries().size());
    assertTrue(tasksEntries().get(0).startsWith(".spare."));

    try (TaskFiles out = files.makeTaskDirectory(root(), "t1", Optional.empty())) {
      assertEquals(root().resolve("tasks/t1/stdout"), out.stdout().name());
      Files.writeString(out.stdout().path(), "hello\n", StandardOpenOption.APPEND);
      Files.writeString(out.stderr().path(), "oops\n", StandardOpenOption.APPEND);
    }

    assertEquals(List.of("t1"), tasksEntries());
    Path dir = root().resolve("tasks/t1");
    assertEquals("hello\n", Files.readString(dir.resolve("stdout")));
    assertEquals("oops\n", Files.readString(dir.resolve("stderr")));
    try (Stream<Path> inside = Files.list(dir)) {
      assertEquals(2, inside.count());
    }
  }

  @Test
  public void anOldTaskDirectoryIsStillMovedAsideAndTheSpareKeptForTheNextTask() throws Exception {
    Path old = Files.createDirectories(root().resolve("tasks/t1"));
    Files.writeString(old.resolve("stdout"), "earlier run\n");
    files.prepareSpare(root());

    try (TaskFiles out = files.makeTaskDirectory(root(), "t1", Optional.empty())) {
      Files.writeString(out.stdout().path(), "this run\n", StandardOpenOption.APPEND);
    }
    assertEquals("this run\n", Files.readString(old.resolve("stdout")));
    List<String> entries = tasksEntries();
    assertEquals(entries.toString(), 3, entries.size());
    assertTrue(entries.toString(), entries.get(0).startsWith(".old.t1."));
    assertTrue(entries.toString(), entries.get(1).startsWith(".spare."));

    files.makeTaskDirectory(root(), "t2", Optional.empty()).close();
    assertEquals(List.of(entries.get(0), "t1", "t2"), tasksEntries());
    assertTrue(Files.isRegularFile(root().resolve("tasks/t2/stdout"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(0, Files.size(root().resolve("tasks/t2/stdout")));
  }

  @Test
  public void atMostTwoAreKeptAndDroppingRemovesThem() throws Exception {
    for (int i = 0; i < 3; i++) {
      files.prepareSpare(root());
    }
    assertEquals(2, tasksEntries().size());

    files.dropSpares(root());

    assertEquals(List.of(), tasksEntries());
  }

  @Test
  public void droppingWhereNoneWasMadeLeavesTheSandboxAlone() throws Exception {
    files.dropSpares(root());

    assertFalse(Files.exists(root().resolve("tasks")));
  }
}
