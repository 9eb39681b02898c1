package org.mesosexec.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The children the JDK spawned, which the orphan reaper must leave alone. */
public class SpawnedChildrenTest {
  @Test
  public void aSpawnedChildIsTheJdksUntilItExits() throws Exception {
    Process p = SpawnedChildren.spawn(new ProcessBuilder("sleep", "60"));
    try {
      assertTrue(SpawnedChildren.spawned(p.pid()));
      assertFalse("never reaped here", SpawnedChildren.reap(LibC.load(), p.pid()));
    } finally {
      p.destroyForcibly();
    }
    p.onExit().get(10, TimeUnit.SECONDS);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (SpawnedChildren.spawned(p.pid()) && System.nanoTime() < end) {
      Thread.onSpinWait(); // the JDK's own exit callback removes it right after onExit
    }
    assertFalse(SpawnedChildren.spawned(p.pid()));
  }

  @Test
  public void aChildOfTheOneReaperKeepsItsExitStatusFromTheOrphanReaper() throws Exception {
    Optional<LibC> libc = LibC.load();
    Path devNull = Path.of("/dev/null");
    Optional<Process> spawned =
        ProcessTracker.start(libc)
            .spawnTask(
                List.of("/bin/sh", "-c", "exit 5"), Map.of(), Path.of("/"), devNull, devNull);
    assumeTrue("posix_spawn and pidfd", spawned.isPresent());
    Process p = spawned.get();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!p.onExit().isDone() && System.nanoTime() < end) {
      assertFalse("never reaped as an orphan", SpawnedChildren.reap(libc, p.pid()));
    }
    assertEquals(5, p.onExit().get(10, TimeUnit.SECONDS).exitValue());
    assertFalse(SpawnedChildren.spawned(p.pid()));
  }
}
