package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.mesosexec.testing.FakeScheduler;

/**
 * The throttle and the sequence of one task's progress reports, as the scheduler receives them:
 * fake time, work on the calling thread.
 */
public class ProgressReportsTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final List<String> sent = new ArrayList<>();
  private final ProgressReports reports =
      new ProgressReports(
          Duration.ofSeconds(1),
          clock,
          Runnable::run,
          (sequence, p) -> sent.add("#" + sequence + " " + p.percent() + " at " + millis()));

  private long millis() {
    return Duration.ofNanos(clock.nanoTime()).toMillis();
  }

  @Test
  public void firstReportGoesOutAtOnceAndTheNewestHeldBackWhenTheIntervalEnds() {
    reports.report(new Progress(10, "a"));
    reports.report(new Progress(20, "b"));
    reports.report(new Progress(30, "c"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("#1 10 at 0", "#2 30 at 1000"), sent);
  }

  @Test
  public void afterStopOnlyTheNewestReportIsSentLast() {
    reports.report(new Progress(10, "a"));
    reports.report(new Progress(20, "b"));
    reports.stop();
    reports.report(new Progress(40, "d"));
    reports.report(new Progress(50, "e"));
    clock.advance(Duration.ofSeconds(5));
    reports.sendLast();
    assertEquals(List.of("#1 10 at 0", "#2 50 at 5000"), sent);
  }

  @Test
  public void afterStopTheReportHeldBackIsSentLastWhenNothingNewerCame() {
    reports.report(new Progress(10, "a"));
    reports.report(new Progress(20, "b"));
    reports.stop();
    clock.advance(Duration.ofSeconds(5));
    reports.sendLast();
    assertEquals(List.of("#1 10 at 0", "#2 20 at 5000"), sent);
  }

  @Test
  public void closedReportsSendNothingMore() {
    reports.report(new Progress(10, "a"));
    reports.report(new Progress(20, "b"));
    reports.close();
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of("#1 10 at 0"), sent);
  }
}
