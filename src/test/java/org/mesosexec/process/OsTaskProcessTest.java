package org.mesosexec.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/** A task's process tree, with real processes: what is left and what a signal reaches. */
public class OsTaskProcessTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final Optional<LibC> libc = LibC.load();
  private final ProcessTracker tracker = ProcessTracker.start(libc);
  private final OsProcessLauncher launcher = new OsProcessLauncher(new Signaller(libc), tracker);

  @Test
  public void aSignalReachesTheWholeTreeAndTheExitIsReported() throws Exception {
    Path pids = tmp.getRoot().toPath().resolve("pids");
    RunningWork task = launch("sleep 60 & echo $! > '" + pids + "'; wait");
    long child = Long.parseLong(awaitFile(pids));
    assertTrue(task.remaining().containsAll(List.of(task.pid().getAsLong(), child)));

    assertEquals(2, task.stop(Signal.TERM));

    ExitStatus status = task.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals("Command terminated with signal Terminated", status.describe());
    awaitGone(child);
    assertEquals(List.of(), task.remaining());
  }

  @Test
  public void aSignalBeforeAnyIsSentReachesNoNewcomer() throws Exception {
    RunningWork task = launch("exec sleep 60");

    assertEquals(0, task.stopNewcomers());

    task.stop(Signal.KILL);
    task.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private RunningWork launch(String script) throws Exception {
    return ShellTasks.launch(launcher, tmp, script);
  }

  private static String awaitFile(Path file) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      if (Files.exists(file) && Files.readString(file).endsWith("\n")) {
        return Files.readString(file).strip();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no " + file);
  }

  private void awaitGone(long pid) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ProcScan.alive(pid) && System.nanoTime() < end) {
      tracker.reapOrphans();
      Thread.sleep(10);
    }
    assertTrue("process " + pid + " is gone", !ProcScan.alive(pid));
  }
}
