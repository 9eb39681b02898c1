package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.process.ExitStatus;
import org.mesosexec.process.Signal;

public class KillSequenceTest {
  private static final long MS = 1_000_000;

  private static KillSequence kill(KillCause cause, Duration limit) {
    return new KillSequence(cause, "", 0, limit);
  }

  @Test
  public void aKillStartsWithTheHooksAndNoSignal() {
    KillSequence k = kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT);

    assertEquals(KillSequence.State.HOOKS, k.state());
    assertFalse(k.signalling());
    assertEquals("Task killed by killTask: ended by itself while the before-terminate hooks ran,"
        + " after 5 ms", k.describe(5 * MS, null));
  }

  @Test
  public void sigtermGoesOutOnceThenSigkillWhenNoGraceIsLeft() {
    KillSequence k = kill(KillCause.KILL_TASK, KillSequence.NO_LIMIT);

    assertEquals(Optional.of(Signal.TERM), k.next(Duration.ofSeconds(3)));
    assertEquals(Optional.empty(), k.next(Duration.ofSeconds(1)));
    assertEquals(KillSequence.State.SIGTERM_SENT, k.state());
    assertEquals(Optional.of(Signal.KILL), k.next(Duration.ZERO));
    assertEquals(KillSequence.State.SIGKILL_AFTER_GRACE, k.state());
    assertTrue(k.sigkillSent());
    assertEquals("Task killed by killTask: did not exit within the 3000 ms grace period after"
        + " SIGTERM, so SIGKILL was sent; ended after 3001 ms", k.describe(3001 * MS, null));
  }

  @Test
  public void noGracePeriodMeansSigkillAtOnce() {
    KillSequence k = kill(KillCause.MAX_COMPLETION_TIME, KillSequence.NO_LIMIT);

    Duration grace = k.graceFrom(0, Optional.of(Duration.ofSeconds(10)));
    assertEquals(Duration.ZERO, grace);
    assertEquals(Optional.of(Signal.KILL), k.next(grace));
    assertEquals(KillSequence.State.SIGKILL_AT_ONCE, k.state());
  }

  @Test
  public void theTasksGraceIsCappedByTheLimitAndATighterLaterKill() {
    KillSequence k = kill(KillCause.SHUTDOWN, Duration.ofSeconds(5));

    assertEquals(TaskRun.DEFAULT_KILL_GRACE, k.graceFrom(0, Optional.empty()));
    assertEquals(Duration.ofSeconds(4), k.graceFrom(1000 * MS, Optional.of(Duration.ofSeconds(9))));
    k.tighten(1000 * MS, Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(1), k.graceFrom(1000 * MS, Optional.of(Duration.ofSeconds(9))));
    k.tighten(1000 * MS, Duration.ofSeconds(30)); // a further limit changes nothing
    assertEquals(Duration.ofSeconds(1), k.graceFrom(1000 * MS, Optional.of(Duration.ofSeconds(9))));
  }

  @Test
  public void leftoversAreCountedAndDescribedAsSuch() {
    KillSequence k = kill(KillCause.LEFTOVERS, KillSequence.NO_LIMIT);
    k.next(Duration.ofSeconds(3));
    k.countProcesses(2);
    k.countProcesses(1);
    k.addProcesses(1);

    assertEquals("3 leftover processes were terminated: exited on SIGTERM after 4 ms",
        k.describeLeftovers(4 * MS));
  }

  @Test
  public void severalProcessesAreNamedInAKillsMessage() {
    KillSequence k = new KillSequence(KillCause.HEALTH_CHECK, "3 in a row", 0,
        KillSequence.NO_LIMIT);
    k.next(Duration.ofSeconds(3));
    k.countProcesses(4);

    assertEquals("Task killed by failing health checks (3 in a row): 4 processes; exited on"
        + " SIGTERM after 12 ms (Command exited with status 1)",
        k.describe(12 * MS, ExitStatus.fromJvm(1)));
  }
}
