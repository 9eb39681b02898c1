package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.Test;

public class TaskThreadsTest {
  private final List<Runnable> queued = new ArrayList<>();
  private final List<String> happened = new ArrayList<>();

  private final Executor accepting = queued::add;
  private final Executor refusing =
      r -> {
        throw new RejectedExecutionException("full");
      };

  @Test
  public void acceptedWorkRunsOnTheWorkerNotOnTheCallersThread() {
    new TaskThreads(accepting)
        .run("t", "work", () -> happened.add("work"), () -> happened.add("refused"));

    assertEquals(List.of(), happened);
    queued.get(0).run();
    assertEquals(List.of("work"), happened);
  }

  @Test
  public void refusedWorkIsNeverRunInlineButReportedThroughTheRefusal() {
    new TaskThreads(refusing)
        .run("t", "work", () -> happened.add("work"), () -> happened.add("refused"));

    assertEquals(List.of("refused"), happened);
  }

  @Test
  public void aTasksExecutorNeverThrowsAndReportsEachRefusal() {
    Executor forTask =
        new TaskThreads(refusing).forTask("t", "a check", () -> happened.add("refused"));

    forTask.execute(() -> happened.add("work"));
    forTask.execute(() -> happened.add("work"));

    assertEquals(List.of("refused", "refused"), happened);
  }

  @Test
  public void workRunsInTheTasksLogContext() {
    String[] seen = new String[1];
    new TaskThreads(accepting)
        .run(
            "task-7",
            "work",
            () -> seen[0] = org.apache.logging.log4j.ThreadContext.get("taskId"),
            () -> {});
    queued.get(0).run();

    assertNotEquals(null, seen[0]);
    assertEquals("task-7", seen[0]);
  }
}
