package org.mesosexec.local;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.FrameworkInfo;
import org.junit.Test;
import org.mesosexec.testing.Tasks;
import org.mockito.ArgumentCaptor;

/** Which callbacks a local run's options lead to, and when. */
public class LocalTimelineTest {
  private final Executor executor = mock(Executor.class);
  private final ExecutorDriver driver = mock(ExecutorDriver.class);
  private final List<String> agent = new ArrayList<>();

  private List<LocalTimeline.Event> timeline(boolean checkpoint, String... args) {
    List<String> all = new ArrayList<>(List.of("t.json"));
    all.addAll(List.of(args));
    LocalScript script =
        new LocalScript(
            Tasks.executorInfo(),
            FrameworkInfo.newBuilder(Tasks.framework(false)).setCheckpoint(checkpoint).build(),
            Tasks.agent(),
            List.of(),
            LocalOptions.parse(all));
    return LocalTimeline.of(
        script, executor, driver, () -> agent.add("goes"), () -> agent.add("back"));
  }

  private static List<String> names(List<LocalTimeline.Event> events) {
    return events.stream().map(e -> e.name() + "@" + e.after().toMillis()).toList();
  }

  @Test
  public void killsMessagesAndAShutdownAreCallbacksAtTheirTimes() {
    List<LocalTimeline.Event> events =
        timeline(false, "--kill", "t1@2", "--message", "{\"a\":1}@0.5", "--shutdown-after", "3");

    assertEquals(List.of("killTask@2000", "frameworkMessage@500", "shutdown@3000"), names(events));
    events.forEach(e -> e.call().run());
    verify(executor).killTask(driver, Tasks.id("t1"));
    ArgumentCaptor<byte[]> message = ArgumentCaptor.forClass(byte[].class);
    verify(executor).frameworkMessage(any(), message.capture());
    assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), message.getValue());
    verify(executor).shutdown(driver);
  }

  @Test
  public void withCheckpointingTheAgentComesBackAfterItsDowntime() {
    List<LocalTimeline.Event> events = timeline(true, "--checkpoint", "--agent-restart", "1");

    assertEquals(
        List.of(
            "agent restart@1000",
            "reregistered@" + Duration.ofSeconds(1).plus(LocalOptions.AGENT_DOWNTIME).toMillis()),
        names(events));
    events.forEach(e -> e.call().run());
    assertEquals(List.of("goes", "back"), agent);
  }

  @Test
  public void withoutCheckpointingTheAgentDoesNotComeBack() {
    List<LocalTimeline.Event> events = timeline(false, "--agent-restart", "1");

    assertEquals(List.of("agent restart@1000"), names(events));
  }

  @Test
  public void noOptionsNoEvents() {
    assertEquals(List.of(), timeline(false));
  }
}
