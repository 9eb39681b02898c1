package org.mesosexec.task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.hooks.TaskMetadata;
import org.mesosexec.task.TaskControl.Phase;
import org.mesosexec.testing.Tasks;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;

/**
 * Task "t1" as the collaborators that act for it see it ({@link TaskControl}): its phase is what
 * the test sets, its work a puppet, and it records the updates it was made to send and what else it
 * was asked, in order. Its monitor is the task's lock, as TaskRun's is.
 */
final class FakeTask implements TaskControl {
  static final TaskMetadata META =
      new TaskMetadata(
          "t1",
          "t1",
          "e",
          "f",
          "agent",
          Map.of(),
          Path.of("/sandbox/tasks/t1"),
          OptionalLong.of(7));

  final List<TaskStatus> updates = new ArrayList<>();

  /** "kill HEALTH_CHECK: why", "exited: ...", "look", "look again in 1 ms", "abandon: why"... */
  final List<String> asked = new ArrayList<>();

  final Work work = new Work();
  boolean started = true;
  boolean running = true;
  Phase phase = Phase.RUNNING;

  List<TaskState> states() {
    return updates.stream().map(TaskStatus::getState).toList();
  }

  @Override
  public TaskID taskId() {
    return Tasks.id("t1");
  }

  @Override
  public boolean running() {
    return running;
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public RunningWork work() {
    return started ? work : null;
  }

  @Override
  public TaskMetadata meta() {
    return META;
  }

  @Override
  public void launching() {
    asked.add("launching");
    phase = Phase.STARTING;
  }

  /** Runs the work it is given (from then on {@link #work} is the puppet) while it is starting. */
  @Override
  public boolean runs(RunningWork started) {
    asked.add("runs pid " + started.pid().orElse(-1));
    this.started = true;
    if (phase != Phase.STARTING) {
      return false;
    }
    phase = Phase.RUNNING;
    return true;
  }

  /** Sends the update, as the terminal one, while the task waits for its work to start. */
  @Override
  public void notStarted(TaskStatus.Builder update) {
    if (phase == Phase.ACCEPTED || phase == Phase.STARTING) {
      phase = Phase.DONE;
      updates.add(update.build());
    }
  }

  @Override
  public void send(TaskStatus.Builder update) {
    updates.add(update.build());
  }

  @Override
  public void kill(KillCause cause, String why) {
    asked.add("kill " + cause + (why.isEmpty() ? "" : ": " + why));
  }

  @Override
  public void exited(ExitStatus status) {
    asked.add("exited: " + status.describe());
  }

  @Override
  public void checkGone() {
    asked.add("look");
  }

  @Override
  public void lookAgainIn(Duration delay) {
    asked.add("look again in " + delay.toMillis() + " ms");
  }

  @Override
  public void abandon(String why) {
    asked.add("abandon: " + why);
  }

  @Override
  public void failed(String what, Throwable e) {
    asked.add("failed " + what + ": " + e);
  }

  /** A puppet of the task's work: process 7, which no signal ends unless the test says so. */
  static final class Work implements RunningWork {
    final List<Signal> signals = new ArrayList<>();
    final List<Long> left = new ArrayList<>(List.of(7L));
    final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

    /** Runs as each signal goes out: the test may let time pass, or throw. */
    Consumer<Signal> onStop = s -> {};

    @Override
    public OptionalLong pid() {
      return OptionalLong.of(7);
    }

    @Override
    public CompletionStage<ExitStatus> ended() {
      return exit;
    }

    @Override
    public List<Long> remaining() {
      return List.copyOf(left);
    }

    @Override
    public int stop(Signal signal) {
      onStop.accept(signal);
      signals.add(signal);
      return left.size();
    }

    @Override
    public int stopNewcomers() {
      return 0;
    }
  }
}
