package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;
import org.mesosexec.testing.FakeScheduler;

/** When an executor counts as idle, on a manual clock. */
public class IdleTimerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final FakeScheduler clock = new FakeScheduler();
  private final IdleTimer timer = new IdleTimer(clock, TIMEOUT);
  private final AtomicBoolean idle = new AtomicBoolean();

  {
    timer.idle().thenRun(() -> idle.set(true));
  }

  @Test
  public void anExecutorThatNeverRanATaskIsNeverIdle() {
    clock.advance(TIMEOUT.multipliedBy(3));

    assertFalse(idle.get());
    assertEquals(0, clock.pending());
  }

  @Test
  public void itIsIdleExactlyTheTimeoutAfterItsLastTaskEnded() {
    timer.launched();
    timer.launched();
    timer.ended();
    assertEquals("a task is still live", 1, timer.live());
    assertEquals(0, clock.pending());

    timer.ended();
    clock.advance(TIMEOUT.minusMillis(1));
    assertFalse(idle.get());
    clock.advance(Duration.ofMillis(1));

    assertTrue(idle.get());
    assertEquals(0, timer.live());
  }

  @Test
  public void aTaskLaunchedDuringTheTimeoutStartsItAgainWhenItEnds() {
    timer.launched();
    timer.ended();
    clock.advance(TIMEOUT.minusSeconds(1));
    timer.launched();
    timer.ended();

    clock.advance(Duration.ofSeconds(1));
    assertFalse("the first timeout no longer counts", idle.get());
    clock.advance(TIMEOUT.minusSeconds(1).minusMillis(1));
    assertFalse(idle.get());
    clock.advance(Duration.ofMillis(1));
    assertTrue(idle.get());
  }

  @Test
  public void afterStopItIsNeverIdle() {
    timer.launched();
    timer.ended();
    timer.stop();
    clock.advance(TIMEOUT);
    assertFalse("a timeout already running when it stopped does not count", idle.get());

    timer.launched();
    timer.ended();

    assertEquals("no timer is set once stopped", 0, clock.pending());
    clock.advance(TIMEOUT.multipliedBy(2));
    assertFalse(idle.get());
  }
}
