package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;
import org.mesosexec.testing.FakeScheduler;

public class ReaperTest {
  private final Reaper reaper = new Reaper();

  @Test
  public void looksBackOffFromAMillisecondToTheMaximum() {
    assertEquals(Duration.ofMillis(1), reaper.nextDelay());
    assertEquals(Duration.ofMillis(2), reaper.nextDelay());
    for (int i = 0; i < 10; i++) {
      reaper.nextDelay();
    }
    assertEquals(Reaper.MAX_POLL, reaper.nextDelay());
  }

  @Test
  public void sigkillStartsTheBackoffOverAndCancelsThePendingLook() {
    FakeScheduler clock = new FakeScheduler();
    int[] looks = {0};
    reaper.nextDelay();
    reaper.nextDelay();
    reaper.polling(clock.schedule(Duration.ofMillis(4), () -> looks[0]++));

    assertEquals(Duration.ofMillis(1), reaper.restart());
    clock.advance(Duration.ofSeconds(1));

    assertEquals(0, looks[0]);
    assertEquals(Duration.ofMillis(1), reaper.nextDelay());
  }

  @Test
  public void noLookCountsWhileASignalIsOnItsWayAndTheWaitingOneIsDueAfterIt() {
    reaper.signalSending();
    assertFalse(reaper.mayLook());
    assertTrue(reaper.signalSent());
    assertTrue(reaper.mayLook());
  }

  @Test
  public void aSignalThatNoLookWaitedForCallsForNone() {
    reaper.signalSending();
    reaper.signalSending();
    assertFalse(reaper.mayLook());
    assertFalse(reaper.signalSent()); // the other is still on its way
    assertTrue(reaper.signalSent());
    reaper.signalSending();
    assertFalse(reaper.signalSent());
  }
}
