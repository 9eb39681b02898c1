package org.mesosexec.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * Spare task directories that an executor which died left in a sandbox used again: the next
 * executor removes them with its first spare, and nothing that is not one as made.
 */
public class LeftoverSparesTest {
  /** No process has this id (Linux ids stay below 2^22). */
  private static final long DEAD = 2147483647L;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  @Rule public Timeout timeout = new Timeout(30, TimeUnit.SECONDS);

  private final SandboxFiles files = SandboxFiles.shared();
  private Path tasks;

  @Before
  public void nativeCalls() throws Exception {
    Assume.assumeTrue("libc through JNA", files instanceof NativeSandboxFiles);
    tasks = Files.createDirectories(tmp.getRoot().toPath().resolve("tasks"));
  }

  private Path spare(String name, String... files) throws Exception {
    Path dir = Files.createDirectory(tasks.resolve(name));
    for (String file : files) {
      Files.createFile(dir.resolve(file));
    }
    return dir;
  }

  @Test
  public void theFirstSpareRemovesThoseOfADeadExecutorAndNothingElse() throws Exception {
    spare(".spare." + DEAD + ".1", "stdout", "stderr");
    spare(".spare." + DEAD + ".2", "stdout");
    spare(".spare." + DEAD + ".3");
    spare(".spare." + DEAD + ".4", "stdout", "stderr", "other");
    Files.writeString(spare(".spare." + DEAD + ".5", "stderr").resolve("stdout"), "written\n");
    Path outside = Files.createDirectory(tmp.getRoot().toPath().resolve("outside"));
    Files.createFile(outside.resolve("stdout"));
    Files.createSymbolicLink(tasks.resolve(".spare." + DEAD + ".6"), outside);
    spare(".spare." + DEAD + ".7.x", "stdout", "stderr");
    spare(".spare.x." + DEAD + ".8", "stdout", "stderr");
    long alive = ProcessHandle.current().parent().orElseThrow().pid();
    spare(".spare." + alive + ".1", "stdout", "stderr");
    List<String> kept =
        new ArrayList<>(
            List.of(
                ".spare." + DEAD + ".4",
                ".spare." + DEAD + ".5",
                ".spare." + DEAD + ".6",
                ".spare." + DEAD + ".7.x",
                ".spare." + alive + ".1",
                ".spare.x." + DEAD + ".8"));

    files.prepareSpare(tmp.getRoot().toPath());

    List<String> entries = entries(tasks);
    String own = ".spare." + ProcessHandle.current().pid() + ".";
    assertEquals(entries.toString(), 1, entries.stream().filter(e -> e.startsWith(own)).count());
    kept.add(entries.stream().filter(e -> e.startsWith(own)).findFirst().orElseThrow());
    assertEquals(kept.stream().sorted().toList(), entries);
    assertEquals(List.of("stdout"), entries(outside));
    assertEquals(List.of("other", "stderr", "stdout"), entries(tasks.resolve(kept.get(0))));
    assertEquals("written\n", Files.readString(tasks.resolve(kept.get(1)).resolve("stdout")));
    assertTrue(Files.isSymbolicLink(tasks.resolve(kept.get(2))));
  }

  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
