package org.mesosexec.time;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The delays of a poll that backs off. */
public class BackoffTest {
  @Test
  public void delaysDoubleUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(10));
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      delays.add(backoff.next().toMillis());
    }

    assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 10L, 10L), delays);
  }

  @Test
  public void aBackoffNeedsAPositiveStartAndACapAboveIt() {
    assertThrows(
        IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofMillis(10)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofMillis(20), Duration.ofMillis(10)));
  }
}
