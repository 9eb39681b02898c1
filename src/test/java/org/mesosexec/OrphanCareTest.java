package org.mesosexec;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;
import org.mesosexec.testing.FakeScheduler;

/** Orphans reaped on the timer while the executor runs and killed at its end, on a manual clock. */
public class OrphanCareTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private boolean failing;

  private OrphanCare care(boolean subreaper) {
    ExecutorParts.Orphans orphans =
        new ExecutorParts.Orphans() {
          @Override
          public boolean subreaper() {
            return subreaper;
          }

          @Override
          public void reapOrphans() {
            calls.add("reap");
            if (failing) {
              throw new IllegalStateException("no /proc");
            }
          }

          @Override
          public void killAdopted(Duration bound) {
            calls.add("kill adopted within " + bound.toMillis() + " ms");
            if (failing) {
              throw new IllegalStateException("no /proc");
            }
          }
        };
    return new OrphanCare(orphans, clock);
  }

  @Test
  public void aSubreaperReapsEverySecondAndGoesOnAfterAFailure() {
    care(true).start();

    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(), calls);
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("reap"), calls);
    failing = true;
    clock.advance(Duration.ofSeconds(1));
    failing = false;
    clock.advance(Duration.ofSeconds(1));

    assertEquals(List.of("reap", "reap", "reap"), calls);
  }

  @Test
  public void withoutASubreaperNothingIsReapedOnTheTimer() {
    care(false).start();

    assertEquals(0, clock.pending());
  }

  @Test
  public void finishingReapsOnceMoreKillsTheRestAndStopsTheTimer() {
    OrphanCare care = care(true);
    care.start();

    care.finish();
    clock.advance(Duration.ofSeconds(5));

    assertEquals(List.of("reap", "kill adopted within 500 ms"), calls);
  }

  @Test
  public void aKillThatFailsIsLoggedNotThrown() {
    failing = true;

    care(true).killAdopted();

    assertEquals(List.of("kill adopted within 500 ms"), calls);
  }
}
