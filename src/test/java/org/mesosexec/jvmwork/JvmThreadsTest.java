package org.mesosexec.jvmwork;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.api.Task;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.jvm.LoadedTask;
import org.mesosexec.settings.JvmSettings;
import org.mesosexec.work.RunningWork;

/**
 * Launches racing for the real threads of the JVM pool: a task reported begun (TASK_RUNNING) runs,
 * whatever order the launching threads reach the pool in.
 */
public class JvmThreadsTest {
  private static final long WAIT_MS = 20_000;

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /** Opened by each task as it begins to run, by task id. */
  private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();

  /** What tasks wait for once running, by the part of their id before '-'. */
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  private final List<ThreadPoolExecutor> pools = new ArrayList<>();

  @After
  public void stopPools() throws InterruptedException {
    gates.values().forEach(CountDownLatch::countDown);
    for (ThreadPoolExecutor pool : pools) {
      pool.shutdown();
      assertTrue(pool.awaitTermination(WAIT_MS, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  public void aReservedTaskGetsTheFreeThreadEvenWhenALaterLaunchReachesThePoolFirst()
      throws Exception {
    ThreadPoolExecutor pool = pool(1);
    Thread[] second = new Thread[1];
    CountDownLatch firstHanding = new CountDownLatch(1);
    CountDownLatch secondHanded = new CountDownLatch(1);
    Executor racing =
        work -> {
          if (firstHanding.getCount() > 0) {
            firstHanding.countDown();
            awaitBlockedOr(secondHanded, second);
          } else {
            secondHanded.countDown();
          }
          pool.execute(work);
        };
    JvmThreads threads = threads(1, racing);
    RunningWork[] works = new RunningWork[2];
    Thread first = launching(threads, "x-a", works, 0);
    first.start();
    assertTrue(firstHanding.await(WAIT_MS, TimeUnit.MILLISECONDS));
    second[0] = launching(threads, "x-b", works, 1);
    second[0].start();
    first.join(WAIT_MS);
    second[0].join(WAIT_MS);

    assertTrue(works[0].begun().toCompletableFuture().isDone());
    assertTrue(started.get("x-a").await(WAIT_MS, TimeUnit.MILLISECONDS)); // while b waits
    assertEquals(1, started.get("x-b").getCount());
  }

  @Test
  public void everyTaskReportedBegunRunsWhileTheOthersWaitUnderConcurrentLaunches()
      throws Exception {
    for (int round = 0; round < 20; round++) {
      JvmThreads threads = threads(2, pool(2));
      RunningWork[] works = new RunningWork[5];
      CyclicBarrier together = new CyclicBarrier(works.length);
      List<Thread> launchers = new ArrayList<>();
      for (int i = 0; i < works.length; i++) {
        int n = i;
        String id = "r" + round + "-t" + i;
        launchers.add(
            new Thread(
                () -> {
                  await(together);
                  works[n] = start(threads, id);
                }));
      }
      launchers.forEach(Thread::start);
      for (Thread launcher : launchers) {
        launcher.join(WAIT_MS);
      }
      CountDownLatch roundGate = gate("r" + round);
      int begun = 0;
      for (int i = 0; i < works.length; i++) {
        if (works[i].begun().toCompletableFuture().isDone()) {
          begun++;
          assertTrue(started.get("r" + round + "-t" + i).await(WAIT_MS, TimeUnit.MILLISECONDS));
        }
      }
      assertEquals(2, begun); // as many as threads, all running at once
      roundGate.countDown();
      for (RunningWork work : works) {
        work.ended().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
      }
    }
  }

  private CountDownLatch gate(String name) {
    return gates.computeIfAbsent(name, n -> new CountDownLatch(1));
  }

  private ThreadPoolExecutor pool(int size) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    pools.add(pool);
    return pool;
  }

  private JvmThreads threads(int size, Executor executor) {
    JvmSettings settings = new JvmSettings(Optional.empty(), List.of(), size, 1024);
    return new JvmThreads(settings, folder.getRoot().toPath(), executor);
  }

  private Thread launching(JvmThreads threads, String id, RunningWork[] works, int n) {
    return new Thread(() -> works[n] = start(threads, id));
  }

  /** Starts a task that says it began, then waits for its gate. */
  private RunningWork start(JvmThreads threads, String id) {
    started.put(id, new CountDownLatch(1));
    CountDownLatch gate = gate(id.substring(0, id.indexOf('-')));
    Task<String> task =
        context -> {
          started.get(context.taskId()).countDown();
          gate.await(WAIT_MS, TimeUnit.MILLISECONDS);
          return null;
        };
    try {
      Path dir = folder.newFolder(id).toPath();
      LoadedTask loaded = new LoadedTask(task, getClass().getClassLoader(), "null");
      return threads.start(
          id, loaded, JvmSpec.ResultFormat.JSON, dir, dir.resolve("stdout"), dir.resolve("stderr"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Waits until {@code handed} opens or the other launching thread is held back from the pool. */
  private static void awaitBlockedOr(CountDownLatch handed, Thread[] launcher) {
    try {
      while (!handed.await(1, TimeUnit.MILLISECONDS)) {
        Thread t = launcher[0];
        if (t != null && t.getState() == Thread.State.BLOCKED && inStart(t)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@code t} is held back in {@link JvmThreads#start} itself, not deeper. */
  private static boolean inStart(Thread t) {
    StackTraceElement[] stack = t.getStackTrace();
    return stack.length > 0
        && stack[0].getClassName().equals(JvmThreads.class.getName())
        && stack[0].getMethodName().equals("start");
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
