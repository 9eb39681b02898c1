package org.mesosexec.process;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The children the JDK spawned, which the orphan reaper must leave alone. */
public class JdkChildrenTest {
  @Test
  public void aSpawnedChildIsTheJdksUntilItExits() throws Exception {
    Process p = JdkChildren.spawn(new ProcessBuilder("sleep", "60"));
    try {
      assertTrue(JdkChildren.spawned(p.pid()));
      assertFalse("never reaped here", JdkChildren.reap(LibC.load(), p.pid()));
    } finally {
      p.destroyForcibly();
    }
    p.onExit().get(10, TimeUnit.SECONDS);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (JdkChildren.spawned(p.pid()) && System.nanoTime() < end) {
      Thread.onSpinWait(); // the JDK's own exit callback removes it right after onExit
    }
    assertFalse(JdkChildren.spawned(p.pid()));
  }
}
