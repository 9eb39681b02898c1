package org.mesosexec.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Test;
import org.mesosexec.testing.Until;

/**
 * What a task's end count says when its events fail on their way: a destination whose write fails,
 * an appender that throws an {@link Error}, a buffer full of text beyond Latin-1.
 */
public class EventFailuresTest {
  private final Destination destination = new Destination();
  private EventShipper shipper;

  @After
  public void close() {
    destination.release();
    if (shipper != null) {
      shipper.close();
    }
    destination.stop();
  }

  private EventShipper shipper(long bytes) {
    shipper = new EventShipper(1000, bytes, destination::logger);
    return shipper;
  }

  /** A task whose events have no file (the Socket configuration writes none). */
  private TaskOutputEvents task(String id) {
    return new TaskOutputEvents(
        new EventTask(id, EventFormat.JSON, List.of(), Map.of("task_id", id)),
        Optional.empty(),
        1000,
        shipper,
        System::nanoTime,
        Clock.systemUTC());
  }

  @Test
  public void aBatchWhoseWriteFailsIsCountedAsFailedWhole() throws Exception {
    shipper(Long.MAX_VALUE);
    TaskOutputEvents task = task("batch");
    task.line("stdout", "first", 0); // alone: a batch of one, whose write waits
    destination.awaitWriting();
    for (int i = 2; i <= 5; i++) {
      task.line("stdout", "line " + i, 0); // these four wait for the thread: one batch
    }
    destination.fail();
    destination.release();
    EventCounts counts = task.counts();
    Until.holds(() -> counts.eventsSent() + counts.dropped() == 5);

    assertEquals(counts.toString(), 1, counts.eventsSent());
    assertTrue(counts.toString(), counts.toString().contains("4 failed at the destination"));
    assertTrue(destination.written().contains("first"));
    assertFalse(destination.written().contains("line"));
  }

  @Test
  public void theEventThreadOutlivesAnErrorAndEveryTaskStillGetsItsEndCount() throws Exception {
    destination.release();
    shipper(Long.MAX_VALUE);
    String id = "erring-" + System.nanoTime();
    TaskOutputEvents erring = task(id);
    TaskOutputEvents next = task("next-" + id);
    erring.line("stdout", "an error in the appender", 0);
    erring.line("stdout", "fine", 0);
    erring.ended();
    next.line("stdout", "fine too", 0);
    next.ended();

    String end = "Task " + id + " output events at its end: 2 lines read, 1 events sent, 1 dropped";
    Until.holds(() -> executorLog().contains(end) && executorLog().contains("Task next-" + id));
    assertEquals(next.counts().toString(), 1, next.counts().eventsSent());
    assertTrue(destination.written().contains("fine too"));
  }

  @Test
  public void eachCharOfAWaitingLineCountsTwoBytesAgainstTheBuffersBound() throws Exception {
    destination.release();
    shipper(1000); // 450 chars: 900 bytes and the line's overhead
    TaskOutputEvents task = task("wide");
    task.line("stdout", "\u0436".repeat(450), 0);
    task.line("stdout", "x".repeat(400), 0);
    Until.holds(() -> task.counts().waiting() == 0);

    assertEquals(task.counts().toString(), 1, task.counts().eventsSent());
    assertTrue(
        task.counts().toString(), task.counts().toString().contains("1 with the buffer full"));
  }

  private static String executorLog() {
    try {
      return Files.readString(
          Path.of(System.getProperty("executor.sandbox", "."), "executor.log"),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
