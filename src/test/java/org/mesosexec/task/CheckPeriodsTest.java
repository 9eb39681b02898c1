package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.Test;
import org.mesosexec.health.Timing;

/** A check's periods from Mesos' seconds: bounded, never rounded to "none", refusals named. */
public class CheckPeriodsTest {
  @Test
  public void zeroTimeoutMeansNoTimeout() {
    Timing t = CheckPeriods.timing("c", 1, 2, 0);
    assertEquals(new Timing(Duration.ofSeconds(1), Duration.ofSeconds(2), Optional.empty()), t);
  }

  @Test
  public void tooShortToMeasureIsStillAPeriodAndHugeIsCapped() {
    assertEquals(Duration.ofNanos(1), CheckPeriods.seconds("c.x", 1e-12, true));
    assertEquals(Duration.ofSeconds(1_000_000_000), CheckPeriods.seconds("c.x", 1e300, true));
  }

  @Test
  public void refusalsNameTheField() {
    assertEquals(
        "c.interval_seconds must be greater than 0, got 0.0",
        assertThrows(InvalidTaskException.class, () -> CheckPeriods.timing("c", 0, 0, 0))
            .getMessage());
  }
}
