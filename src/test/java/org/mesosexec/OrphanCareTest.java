package org.mesosexec;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.Test;
import org.mesosexec.testing.FakeOrphans;
import org.mesosexec.testing.FakeScheduler;

/** Orphans reaped on the timer while the executor runs and killed at its end, on a manual clock. */
public class OrphanCareTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final FakeOrphans subreaper = new FakeOrphans(true);

  @Test
  public void aSubreaperReapsEverySecondAndGoesOnAfterAFailure() {
    new OrphanCare(subreaper, clock).start();

    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(), subreaper.calls());
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("reap"), subreaper.calls());
    subreaper.failing(true);
    clock.advance(Duration.ofSeconds(1));
    subreaper.failing(false);
    clock.advance(Duration.ofSeconds(1));

    assertEquals(List.of("reap", "reap", "reap"), subreaper.calls());
  }

  @Test
  public void withoutASubreaperNothingIsReapedOnTheTimer() {
    new OrphanCare(new FakeOrphans(false), clock).start();

    assertEquals(0, clock.pending());
  }

  @Test
  public void finishingReapsOnceMoreKillsTheRestAndStopsTheTimer() {
    OrphanCare care = new OrphanCare(subreaper, clock);
    care.start();

    care.finish();
    clock.advance(Duration.ofSeconds(5));

    assertEquals(List.of("reap", "kill adopted"), subreaper.calls());
    assertEquals(Duration.ofMillis(500), subreaper.killBound());
  }

  @Test
  public void aKillThatFailsIsLoggedNotThrown() {
    subreaper.failing(true);

    new OrphanCare(subreaper, clock).killAdopted();

    assertEquals(List.of("kill adopted"), subreaper.calls());
  }
}
