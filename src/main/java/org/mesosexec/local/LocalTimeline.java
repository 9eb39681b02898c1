package org.mesosexec.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.Executor;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.TaskID;

/**
 * The timed callbacks of a local run, from its options: kills, framework messages, a shutdown, and
 * an agent restart (the agent goes, and with checkpointing comes back {@link
 * LocalOptions#AGENT_DOWNTIME} later; without it, the driver shuts the executor down instead).
 */
final class LocalTimeline {
  private LocalTimeline() {}

  /**
   * One callback, due {@code after} the driver started.
   *
   * @param name for the log: "killTask"
   */
  record Event(Duration after, String name, Runnable call) {
    Event {
      Objects.requireNonNull(after);
      Objects.requireNonNull(name);
      Objects.requireNonNull(call);
    }
  }

  /**
   * The events of {@code script}, in the order of its options (the callback thread orders them by
   * time).
   *
   * @param agentGoes the driver's side of the agent going away
   * @param agentBack the driver's side of its return
   */
  static List<Event> of(
      LocalScript script,
      Executor executor,
      ExecutorDriver driver,
      Runnable agentGoes,
      Runnable agentBack) {
    LocalOptions o = script.options();
    List<Event> events = new ArrayList<>();
    o.kills()
        .forEach(
            k -> {
              TaskID id = TaskID.newBuilder().setValue(k.value()).build();
              events.add(new Event(k.after(), "killTask", () -> executor.killTask(driver, id)));
            });
    o.messages()
        .forEach(
            m -> {
              byte[] data = m.value().getBytes(StandardCharsets.UTF_8);
              Runnable send = () -> executor.frameworkMessage(driver, data);
              events.add(new Event(m.after(), "frameworkMessage", send));
            });
    o.shutdownAfter()
        .ifPresent(s -> events.add(new Event(s, "shutdown", () -> executor.shutdown(driver))));
    o.agentRestart()
        .ifPresent(
            at ->
                events.addAll(
                    agentRestart(at, script.framework().getCheckpoint(), agentGoes, agentBack)));
    return events;
  }

  /** The agent goes at {@code at}; with checkpointing, it is back after its downtime. */
  private static List<Event> agentRestart(
      Duration at, boolean checkpoint, Runnable agentGoes, Runnable agentBack) {
    Event goes = new Event(at, "agent restart", agentGoes);
    return checkpoint
        ? List.of(goes, new Event(at.plus(LocalOptions.AGENT_DOWNTIME), "reregistered", agentBack))
        : List.of(goes);
  }
}
