package org.mesosexec.jvmwork;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mesosexec.jvm.JvmOutcome;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.jvm.LoadedTask;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.RunningWork;
import org.mesosexec.work.Signal;
import org.mesosexec.work.WorkResult;

/**
 * A JVM task on a thread of the executor's pool: {@link #begun} once a thread runs it, {@link
 * #ended} once {@code run} has returned or thrown, with its {@link JvmOutcome} as the {@link
 * #result}. {@link Signal#TERM} interrupts the thread; {@link Signal#KILL} interrupts it again and,
 * if it still runs, abandons it: the task is reported ended, the thread is left to itself, and the
 * executor is told ({@code onAbandoned}) that it can no longer promise a clean JVM. Either stops a
 * task still waiting for a thread before it runs. A task handed to a thread known to be free is
 * {@link #reserve reserved}: it runs from then on, as a process does once spawned, so a TERM that
 * comes before its thread has taken it interrupts it as soon as it has, and a KILL then ends it
 * unrun, abandoning nothing: no thread ever had it. Its class loader and output files are closed
 * once its thread is done with them. Thread-safe; its lock is held only for the interrupt and for
 * taking the thread, so that an interrupt can never reach the next task of the same pool thread.
 */
final class ThreadWork implements RunningWork {
  private static final Logger LOG = LogManager.getLogger(ThreadWork.class);
  private static final ExitStatus RETURNED = new ExitStatus(0, java.util.OptionalInt.empty());
  private static final ExitStatus FAILED = new ExitStatus(1, java.util.OptionalInt.empty());

  private final String taskId;
  private final LoadedTask loaded;
  private final TaskOutput output;
  private final ThreadContext context;
  private final JvmSpec.ResultFormat format;
  private final int maxResultBytes;
  private final Runnable onAbandoned;

  private final CompletableFuture<Boolean> begun = new CompletableFuture<>();
  private final CompletableFuture<ExitStatus> ended = new CompletableFuture<>();
  private final AtomicReference<WorkResult> result = new AtomicReference<>();
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean stopRequested;
  private Thread thread; // guarded by this: the pool thread while it runs the task
  private boolean taken; // guarded by this: a thread has taken the task
  private boolean cancelled; // guarded by this: a KILL came first; no thread will ever take it

  /**
   * @param onAbandoned called once if the task's thread is abandoned
   */
  ThreadWork(
      String taskId,
      LoadedTask loaded,
      TaskOutput output,
      ThreadContext context,
      JvmSpec.ResultFormat format,
      int maxResultBytes,
      Runnable onAbandoned) {
    this.taskId = Objects.requireNonNull(taskId);
    this.loaded = Objects.requireNonNull(loaded);
    this.output = Objects.requireNonNull(output);
    this.context = Objects.requireNonNull(context);
    this.format = Objects.requireNonNull(format);
    this.maxResultBytes = maxResultBytes;
    this.onAbandoned = Objects.requireNonNull(onAbandoned);
  }

  /**
   * Claims the task for a thread that is free now and picks it up at once: it has {@link #begun}
   * from here on. False if it was stopped first.
   */
  boolean reserve() {
    if (!claimed.compareAndSet(false, true)) {
      return false;
    }
    begun.complete(true);
    return true;
  }

  /**
   * What the pool thread runs: the task, unless it was stopped while it waited or, once {@code
   * reserved}, killed before this thread took it (the kill then ended it).
   *
   * @param reserved whether {@link #reserve} claimed it already
   */
  void run(boolean reserved) {
    if (!reserved && !reserve()) {
      return; // stopped before a thread was free
    }
    if (!takeThread()) {
      return; // killed before this thread took it: the kill closed and ended it
    }
    JvmOutcome outcome;
    try {
      output.route();
      outcome = JvmOutcome.run(loaded, context, format, maxResultBytes);
    } finally {
      TaskOutput.unroute();
      synchronized (this) {
        thread = null;
        Thread.interrupted(); // a kill's interrupt must not reach the pool's next task
      }
      loaded.close();
      output.close();
    }
    finish(asResult(outcome), outcome.kind() == JvmOutcome.Kind.FINISHED ? RETURNED : FAILED);
  }

  /**
   * This thread is the task's, interrupted if a stop came first; false if a KILL came first, and
   * then it runs nothing.
   */
  private synchronized boolean takeThread() {
    if (cancelled) {
      return false;
    }
    taken = true;
    thread = Thread.currentThread();
    if (stopRequested) {
      thread.interrupt();
    }
    return true;
  }

  /** The task's context, whose progress goes to the tracker once it runs. */
  ThreadContext context() {
    return context;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.empty();
  }

  @Override
  public CompletionStage<Boolean> begun() {
    return begun;
  }

  @Override
  public CompletionStage<ExitStatus> ended() {
    return ended;
  }

  @Override
  public Optional<WorkResult> result() {
    return Optional.ofNullable(result.get());
  }

  /** Nothing of a thread task is left once it has ended or been abandoned. */
  @Override
  public List<Long> remaining() {
    return List.of();
  }

  @Override
  public int stop(Signal signal) {
    stopRequested = true;
    if (claimed.compareAndSet(false, true)) {
      LOG.info("Task {} stopped while it waited for a thread; it never ran", taskId);
      closeUnrun();
      begun.complete(false);
      return 0;
    }
    if (ended.isDone()) {
      return 0;
    }
    boolean running;
    boolean cancel;
    synchronized (this) {
      running = thread != null;
      if (running) {
        thread.interrupt();
      } // else if reserved and not yet taken, takeThread interrupts it after a TERM
      cancel = signal == Signal.KILL && !taken && !cancelled;
      cancelled |= cancel;
    }
    if (cancel) {
      LOG.info("Task {} killed before its thread took it; it never ran", taskId);
      closeUnrun();
      return 0;
    }
    if (running
        && signal == Signal.KILL
        && finish(new WorkResult(WorkResult.Kind.ABANDONED, "", new byte[0]), FAILED)) {
      LOG.warn("Task {}: its thread did not stop after its interrupt; abandoning it", taskId);
      onAbandoned.run();
    }
    return 1;
  }

  @Override
  public int stopNewcomers() {
    return 0;
  }

  /**
   * Ends a task that never ran: nothing of it is left but its loader and files. Called once, by the
   * stop that settled (before any thread took the task) that it never runs.
   */
  private void closeUnrun() {
    loaded.close();
    output.close();
    finish(notRun(), FAILED);
  }

  private static WorkResult notRun() {
    return new WorkResult(WorkResult.Kind.FAILED, "stopped before it ran", new byte[0]);
  }

  /** The first end wins: the task's own, or its abandonment. */
  private boolean finish(WorkResult end, ExitStatus status) {
    if (!result.compareAndSet(null, end)) {
      return false;
    }
    ended.complete(status);
    return true;
  }

  private static WorkResult asResult(JvmOutcome outcome) {
    WorkResult.Kind kind =
        switch (outcome.kind()) {
          case FINISHED -> WorkResult.Kind.FINISHED;
          case FAILED -> WorkResult.Kind.FAILED;
          case INVALID -> WorkResult.Kind.INVALID;
        };
    return new WorkResult(kind, outcome.message() == null ? "" : outcome.message(), outcome.data());
  }
}
