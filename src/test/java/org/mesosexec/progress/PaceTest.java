package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** How far ahead of its cap a rotated stream is rotated, from its growth between looks. */
public class PaceTest {
  private static final long MS = 1_000_000;
  private static final long LOOK_AHEAD_MS = ProgressTracker.MAX_ROTATION_POLL.toMillis();

  @Test
  public void theLeadIsWhatTheStreamGrowsByUntilTheNextRegularLook() {
    Pace pace = new Pace();
    pace.look(0, 0);
    pace.look(10_000, 10 * MS); // 1,000 bytes a millisecond
    assertEquals(1_000 * LOOK_AHEAD_MS, pace.lead());
  }

  @Test
  public void quickLooksAfterABurstKeepItsPace() {
    Pace pace = new Pace();
    pace.look(0, 0);
    pace.look(10_000, 10 * MS);
    pace.look(10_010, 10 * MS + 100_000); // a quick look, little new
    assertTrue(pace.lead() >= 990 * LOOK_AHEAD_MS);
  }

  @Test
  public void aPaceIsForgottenWithinASecondOfQuiet() {
    Pace pace = new Pace();
    pace.look(0, 0);
    pace.look(10_000, 10 * MS);
    pace.look(10_000, 1_010 * MS);
    assertEquals(0, pace.lead());
  }

  @Test
  public void growthIsCountedFromEmptyAfterATruncate() {
    Pace pace = new Pace();
    pace.look(0, 0);
    pace.look(60_000, 10 * MS);
    pace.truncated(60_000);
    pace.look(600, 20 * MS);
    assertTrue(pace.lead() > 5_000 * LOOK_AHEAD_MS); // the first pace, still remembered
    assertTrue(pace.soonPast(60_000, 65_536));
    assertFalse(pace.soonPast(0, 1L << 30));
  }

  @Test
  public void aBurstSeenByLooksMicrosecondsApartIsPacedOverARegularInterval() {
    Pace pace = new Pace();
    pace.look(0, 0);
    pace.look(0, 10 * MS);
    pace.look(4096, 10 * MS + 5_000); // one write of 4 KB, seen 5 microseconds later
    assertEquals(0, pace.lead());
    assertFalse("no quick looks for a 4 KB burst", pace.soonPast(4096, 65_536));
    pace.look(4096, 20 * MS); // a regular interval after the last rate was taken
    assertEquals(4096 * LOOK_AHEAD_MS / 10, pace.lead());
  }

  @Test
  public void growthAcrossATruncateWithinAnIntervalIsCounted() {
    Pace pace = new Pace();
    pace.look(0, 0);
    pace.look(50_000, 5 * MS);
    pace.truncated(50_000);
    pace.look(10_000, 10 * MS);
    assertEquals(6_000 * LOOK_AHEAD_MS, pace.lead()); // 60,000 bytes in 10 ms
  }

  @Test
  public void growthDuringTheRotatingLookUpToTheTruncateIsCounted() {
    Pace pace = new Pace();
    pace.look(0, 0);
    pace.look(50_000, 5 * MS);
    pace.truncated(80_000); // the rotation read on to 80,000 before its truncate
    pace.look(10_000, 10 * MS);
    assertEquals(9_000 * LOOK_AHEAD_MS, pace.lead()); // 90,000 bytes in 10 ms
  }
}
