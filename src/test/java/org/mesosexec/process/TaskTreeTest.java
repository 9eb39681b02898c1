package org.mesosexec.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcFs.Proc;
import org.mesosexec.testing.HookFiles;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.work.ExitStatus;

/** A task's tree as the tracker sees it, with real processes. */
public class TaskTreeTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final Optional<LibC> libc = LibC.load();
  private final ProcessTracker tracker = ProcessTracker.start(libc);

  private TaskTree start(String script) throws Exception {
    String marker = tracker.newMarker();
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
    pb.environment().put(ProcessTracker.MARKER_VARIABLE, marker);
    return tracker.track(tracker.spawn(pb), marker);
  }

  private static List<Long> pids(TaskTree tree) {
    return tree.look().procs().stream().filter(p -> !p.zombie()).map(Proc::pid).toList();
  }

  @Test
  public void anOrphanedChildStaysTheTreesAfterItsFirstProcessExited() throws Exception {
    assumeTrue("a subreaper", tracker.subreaper());
    Path pids = tmp.getRoot().toPath().resolve("pids");
    TaskTree tree = start("sleep 60 & echo $! > '" + pids + "'; exec sleep 60");
    long child = Long.parseLong(HookFiles.awaitFile(pids, Duration.ofSeconds(10)).strip());
    assertTrue(pids(tree).containsAll(List.of(tree.pid(), child)));
    assertTrue(tree.alive());

    ProcessHandle.of(tree.pid()).orElseThrow().destroyForcibly();
    ExitStatus status = tree.exit().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertEquals("Command terminated with signal Killed", status.describe());
    assertFalse(tree.alive());
    assertEquals(List.of(child), pids(tree));
    ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ProcScan.alive(child) && System.nanoTime() < end) {
      tracker.reapOrphans();
      Thread.sleep(10);
    }
    assertEquals(List.of(), pids(tree));
  }
}
