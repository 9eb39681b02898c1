package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.testing.FakeScheduler;
import org.mesosexec.work.ExitStatus;
import org.mockito.InOrder;
import org.mockito.Mockito;

/** A running task's progress and deadline, and the messages that close its story. */
public class TrackingTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final TaskContext ctx = Mockito.mock(TaskContext.class);
  private final ProgressTracker progress = Mockito.mock(ProgressTracker.class);
  private final Tracking tracking;

  public TrackingTest() {
    Mockito.when(ctx.sink())
        .thenReturn(
            new StatusSink() {
              @Override
              public void send(TaskStatus status) {}

              @Override
              public void frameworkMessage(byte[] data) {
                messages.add(new String(data, StandardCharsets.UTF_8));
              }
            });
    tracking = new Tracking(ctx, "t1");
  }

  @Test
  public void theDeadlineNoLongerFiresOnceTheTaskEnds() {
    boolean[] fired = {false};
    tracking.deadline(clock.schedule(Duration.ofSeconds(10), () -> fired[0] = true));
    clock.advance(Duration.ofSeconds(5));

    tracking.cancel();
    clock.advance(Duration.ofSeconds(10));
    assertEquals(false, fired[0]);
  }

  @Test
  public void theEndReportsTheExitCodeThenTheLastProgressWithinTheGracePeriod() {
    tracking.started(Optional.of(progress));
    Mockito.verify(progress).start();

    Runnable report = tracking.ending(ExitStatus.fromJvm(3), Optional.of(Duration.ofSeconds(7)));
    Mockito.verify(progress).stopReporting();
    assertTrue(messages.isEmpty()); // the report runs outside the lock, later
    Mockito.doAnswer(i -> messages.add("progress")).when(progress).finish(Duration.ofSeconds(7));
    report.run();

    assertEquals(List.of("{\"task-id\":\"t1\",\"exit-code\":3}", "progress"), messages);
  }

  @Test
  public void aHeldTrackerStartsOnlyWhenReleasedAndOnlyOnce() {
    tracking.held(Optional.of(progress));
    Mockito.verify(progress, Mockito.never()).start();

    tracking.release();
    tracking.release();

    Mockito.verify(progress, Mockito.times(1)).start();
  }

  @Test
  public void aTrackerHeldUntilTheEndSendsNoLastProgressAndIsClosed() {
    tracking.held(Optional.of(progress));

    tracking.ending(ExitStatus.fromJvm(1), Optional.empty()).run();
    tracking.close();

    assertEquals(List.of("{\"task-id\":\"t1\",\"exit-code\":1}"), messages);
    Mockito.verify(progress, Mockito.never()).finish(Mockito.any());
    Mockito.verify(progress).close();
  }

  @Test
  public void withoutAnExitOrATrackerTheEndReportsNothing() {
    tracking.ending(null, Optional.empty()).run();

    assertEquals(List.of(), messages);
  }

  @Test
  public void aFailingReportDoesNotThrow() {
    tracking.started(Optional.of(progress));
    Mockito.doThrow(new IllegalStateException("broken")).when(progress).finish(Mockito.any());

    tracking.ending(ExitStatus.fromJvm(0), Optional.empty()).run();

    Mockito.verify(progress).finish(TaskRun.DEFAULT_KILL_GRACE);
    assertEquals(List.of("{\"task-id\":\"t1\",\"exit-code\":0}"), messages);
  }

  @Test
  public void closingLetsTheFilesGoAndCancelsTheDeadline() {
    boolean[] fired = {false};
    tracking.started(Optional.of(progress));
    tracking.deadline(clock.schedule(Duration.ofSeconds(1), () -> fired[0] = true));

    tracking.close();
    clock.advance(Duration.ofSeconds(2));

    InOrder order = Mockito.inOrder(progress);
    order.verify(progress).start();
    order.verify(progress).close();
    assertEquals(false, fired[0]);
  }
}
