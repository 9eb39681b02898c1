package org.mesosexec.jvmwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mesosexec.jvm.JvmLoader;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.jvm.LoadedTask;
import org.mesosexec.process.LaunchException;
import org.mesosexec.progress.ProgressTracker;
import org.mesosexec.settings.JvmSettings;
import org.mesosexec.work.RunningWork;

/**
 * What the JVM tasks of one executor share: the loader of their classes, the bounded pool of {@code
 * EXECUTOR_JVM_THREADS} threads they run on (a task waits, TASK_STARTING, until one is free), and
 * whether a task's thread has been abandoned, after which the executor accepts no new task and
 * stops once the others are done. Thread-safe.
 */
public final class JvmThreads {
  private final JvmSettings settings;
  private final JvmLoader loader;
  private final Executor pool;
  private final CompletableFuture<String> abandoned = new CompletableFuture<>();

  /**
   * Tasks handed to the pool that have not yet let go of their thread (run, or found stopped).
   * While there are no more than threads, each has a thread of its own without waiting for another
   * task. It errs towards waiting: a task counts until its thread is back, after its end was sent.
   */
  private final AtomicInteger holding = new AtomicInteger();

  /**
   * The pool bookkeeping lock, held only to count a task, reserve it and hand it to the pool as one
   * step, so that the pool's queue is in the order of the count and a reserved task is never queued
   * behind one that is not. Handing over never blocks: the queue is unbounded.
   */
  private final Object handing = new Object();

  /**
   * @param pool the threads JVM tasks run on, {@link JvmSettings#threads()} of them, named, never
   *     running anything else; each task holds one for as long as it runs
   */
  public JvmThreads(JvmSettings settings, Path sandbox, Executor pool) {
    this.settings = Objects.requireNonNull(settings);
    this.loader = new JvmLoader(settings, sandbox);
    this.pool = Objects.requireNonNull(pool);
  }

  /** Loads the tasks' classes, off the driver's thread (the caller's business). */
  public JvmLoader loader() {
    return loader;
  }

  /**
   * Queues {@code task} for a thread of the pool and returns its work at once; it runs when a
   * thread is free ({@link RunningWork#begun}: already on return when one is, the thread picking it
   * up at once), its {@code System.out} and {@code System.err} going to {@code stdout} and {@code
   * stderr}. The task is closed if it cannot be queued.
   *
   * @throws LaunchException when its output files cannot be opened or the pool is stopping
   */
  public RunningWork start(
      String taskId,
      LoadedTask task,
      JvmSpec.ResultFormat format,
      Path directory,
      Path stdout,
      Path stderr)
      throws LaunchException {
    TaskOutput output;
    try {
      output = TaskOutput.open(stdout, stderr);
    } catch (IOException e) {
      task.close();
      throw new LaunchException("Cannot open the task's output files: " + e.getMessage());
    }
    TaskOutput.install();
    ThreadContext context = new ThreadContext(taskId, directory, task.argsJson());
    ThreadWork work =
        new ThreadWork(
            taskId,
            task,
            output,
            context,
            format,
            settings.maxResultBytes(),
            () -> abandoned.complete(taskId));
    context.killRequestedBy(work::stopRequested);
    synchronized (handing) {
      hand(work, task, output);
    }
    return work;
  }

  /**
   * Counts {@code work} and queues it, reserved when there are no more tasks than threads (one of
   * them is free, or about to be); undoes the count and closes the task unless the pool took it.
   */
  private void hand(ThreadWork work, LoadedTask task, TaskOutput output) throws LaunchException {
    boolean reserved = holding.incrementAndGet() <= settings.threads() && work.reserve();
    boolean handed = false;
    try {
      pool.execute(
          () -> {
            try {
              work.run(reserved);
            } finally {
              holding.decrementAndGet();
            }
          });
      handed = true;
    } catch (RejectedExecutionException e) {
      throw new LaunchException("The executor's JVM task threads are stopping; task not started");
    } finally {
      if (!handed) {
        holding.decrementAndGet();
        task.close();
        output.close();
      }
    }
  }

  /** Sends what a JVM task on a thread reports ({@code ctx.progress}) to {@code tracker}. */
  public static void progressTo(RunningWork work, ProgressTracker tracker) {
    if (work instanceof ThreadWork thread) {
      thread.context().progressTo(tracker::report);
    }
  }

  /** Completes with the id of the first task whose thread was abandoned. */
  public CompletionStage<String> abandoned() {
    return abandoned.minimalCompletionStage();
  }

  /** The task whose thread was abandoned first, if one was. */
  public Optional<String> abandonedTask() {
    return Optional.ofNullable(abandoned.getNow(null));
  }
}
