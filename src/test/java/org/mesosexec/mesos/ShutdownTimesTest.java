package org.mesosexec.mesos;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import org.junit.Test;

/** What the tasks get to exit out of the agent's grace period. */
public class ShutdownTimesTest {
  @Test
  public void tasksGetTheGracePeriodLessTheStopDelayAndAMargin() {
    assertEquals(
        Duration.ofSeconds(3),
        new ShutdownTimes(Duration.ofSeconds(5), Duration.ofSeconds(1)).killBudget());
  }

  @Test
  public void aGracePeriodTooShortForTheStopDelayLeavesTheTasksNothing() {
    assertEquals(
        Duration.ZERO,
        new ShutdownTimes(Duration.ofSeconds(1), Duration.ofSeconds(1)).killBudget());
  }
}
