package org.mesosexec.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LibcPreloadTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theExecutorTakesTheLibcLoadedForItsSandboxAndTheSandboxKeepsNoStub()
      throws Exception {
    Path sandbox = tmp.newFolder("sandbox").toPath();

    LibcPreload.start(sandbox);
    Optional<LibC> libc = LibC.load(sandbox);

    assertTrue("libc loaded", libc.isPresent());
    assertEquals(ProcessHandle.current().pid(), libc.get().getpid());
    assertFalse("JNA's stub directory is gone", Files.exists(sandbox.resolve(".jna")));
    assertTrue("taken once", LibcPreload.take(sandbox).isEmpty());
  }

  @Test
  public void jnaSearchPathsAreLeftForJvmTasksToMakeAndAnOperatorsOwnIsKept() throws Exception {
    String key = "jna.platform.library.path";
    assertEquals(null, System.getProperty(key));
    assertTrue(LibC.load(tmp.newFolder("a").toPath()).isPresent());
    assertEquals("not left set for a task's own JNA", null, System.getProperty(key));

    System.setProperty(key, "/opt/vendor/lib");
    try {
      assertTrue(LibC.load(tmp.newFolder("b").toPath()).isPresent());
      assertEquals("/opt/vendor/lib", System.getProperty(key));
    } finally {
      System.clearProperty(key);
    }
  }

  @Test
  public void aLoadStartedForAnotherDirectoryIsLeftAlone() throws Exception {
    Path started = tmp.newFolder("started").toPath();
    Path other = tmp.newFolder("other").toPath();
    CompletableFuture<LibC> loading = new CompletableFuture<>();
    assertTrue(LibcPreload.offer(started, loading));

    assertTrue("nothing for another directory", LibcPreload.take(other).isEmpty());
    assertTrue("still there for its own", LibcPreload.take(started).isPresent());
  }

  @Test
  public void anyOtherErrorOfTheLoadFailsTheStartAsIfItHadHappenedThere() throws Exception {
    Path sandbox = tmp.newFolder("incompatible").toPath();
    Error incompatible = new Error("Incompatible JNA native library");
    assertTrue(LibcPreload.offer(sandbox, CompletableFuture.failedFuture(incompatible)));

    Error thrown = assertThrows(Error.class, () -> LibC.load(sandbox));

    assertSame(incompatible, thrown);
  }

  @Test
  public void aLoadThatFailedGivesAnExecutorWithoutLibcRatherThanAnError() throws Exception {
    Path sandbox = tmp.newFolder("noexec").toPath();
    assertTrue(
        LibcPreload.offer(
            sandbox,
            CompletableFuture.failedFuture(new UnsatisfiedLinkError("failed to map segment"))));

    assertEquals(Optional.empty(), LibC.load(sandbox));
  }
}
