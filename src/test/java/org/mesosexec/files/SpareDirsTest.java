package org.mesosexec.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.jna.Native;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.mesosexec.process.LibC;

/**
 * Task directories made ahead of their task, through the executor's own native calls: what a task
 * and the sandbox's owner see is the same as for a directory made at the task's start.
 */
public class SpareDirsTest {
  private static final int EPERM = 1;
  private static final int ENOSYS = 38;

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

  @Test
  public void noSpareIsMadeOnceDroppedEvenWhereNoneWasMadeBefore() throws Exception {
    files.dropSpares(root());
    files.prepareSpare(root());

    assertFalse(Files.exists(root().resolve("tasks")));
  }

  @Test
  public void aSpareAskedForAfterTheDropIsNotMade() throws Exception {
    files.prepareSpare(root());
    files.dropSpares(root());
    files.prepareSpare(root());

    assertEquals(List.of(), tasksEntries());
  }

  @Test
  public void aSpareBeingMadeWhenTheSparesAreDroppedIsRemovedByItsMaker() throws Exception {
    AtomicReference<SandboxFiles> closing = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    SandboxFiles closedMidway =
        through(
            (method, args) -> {
              if (method.getName().equals("openat")
                  && name(args[1]).equals("stderr")
                  && once.compareAndSet(false, true)) {
                closing.get().dropSpares(root()); // the executor closes as the spare is made
              }
              return null;
            });
    closing.set(closedMidway);

    closedMidway.prepareSpare(root());

    assertTrue(once.get());
    assertEquals(List.of(), tasksEntries());
  }

  @Test
  public void aHostThatCannotRenameWithoutReplacingMakesNoMoreSpares() throws Exception {
    for (int errno : new int[] {ENOSYS, EPERM, LibC.EINVAL}) {
      Path root = tmp.newFolder("errno" + errno).toPath();
      SandboxFiles failing =
          through((method, args) -> method.getName().equals("renameat2") ? fail(errno) : null);
      failing.prepareSpare(root);
      failing.makeTaskDirectory(root, "t1", Optional.empty()).close();

      failing.prepareSpare(root);

      assertEquals("errno " + errno, List.of("t1"), entries(root.resolve("tasks")));
      try (TaskFiles out = failing.makeTaskDirectory(root, "t2", Optional.empty())) {
        assertEquals(root.resolve("tasks/t2/stdout"), out.stdout().name());
      }
      assertEquals(List.of("stderr", "stdout"), entries(root.resolve("tasks/t2")));
    }
  }

  /** What a call of libc answers instead of libc; null to make the call. */
  private interface Answer {
    Object answer(Method method, Object[] args) throws Exception;
  }

  /** Sandbox files of their own, through libc but for what {@code answer} answers. */
  private static SandboxFiles through(Answer answer) {
    LibC libc = LibC.load().orElseThrow();
    LibC faked =
        (LibC)
            Proxy.newProxyInstance(
                LibC.class.getClassLoader(),
                new Class<?>[] {LibC.class},
                (proxy, method, args) -> {
                  Object instead = answer.answer(method, args);
                  return instead != null ? instead : method.invoke(libc, args);
                });
    return new NativeSandboxFiles(
        new NativeWalk(faked, Fcntl.ofThisMachine().orElseThrow(), NativeWalk.nameCharset()));
  }

  /** A failed call, as libc reports it. */
  private static int fail(int errno) {
    Native.setLastError(errno);
    return -1;
  }

  private static String name(Object nulTerminated) {
    byte[] bytes = (byte[]) nulTerminated;
    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
  }

  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
