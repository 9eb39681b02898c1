package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.ExecutorHarness.WAIT;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.task.Statuses;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.ProcScan.Leftovers;
import org.mesosexec.testing.ProcScan.Stat;
import org.mesosexec.testing.Tasks;

/**
 * No process of a task outlives its terminal update, and none is left a zombie (DESIGN §5): chains
 * of forks, what a task leaves behind when it ends on its own, double-forked daemons in sessions of
 * their own (re-parented to the executor, a child subreaper), trees that ignore SIGTERM, trees that
 * fork while they are being killed.
 *
 * <p>Each test finds the task's processes three ways: by the marker in their environment ({@code
 * MESOS_EXECUTOR_TASK_MARKER}, read from the task's first process while it runs), by the pids the
 * task wrote down itself (files {@code *pids} in its directory), and among the zombie children of
 * this JVM, which is the executor and so the parent of every orphan it adopts. The look is taken on
 * the executor's thread at the very moment the terminal update is sent, and once more when the test
 * sees it: no waiting, since "nothing is left once the terminal update is out" is the promise.
 */
public class ProcessHygieneIT {
  private static final long JVM = ProcessHandle.current().pid();

  /** Makes a task wait, without leaving anything behind, until the test creates {@code go}. */
  private static final String AWAIT_GO = "while [ ! -e go ]; do sleep 0.02; done";

  private static final Pattern TOOK = Pattern.compile("ended after (\\d+) ms");

  /** How often the race reproducers try their race. */
  private static final int ROUNDS = 20;

  @Rule public final ExecutorHarness executor = new ExecutorHarness();

  @Test
  public void killedChainOfForksLeavesNoProcess() throws Exception {
    // Each level records its pid, starts the next in the background and waits for it.
    Path chain =
        script(
            "chain.sh",
            """
        echo $$ >> pids
        if [ "$1" -gt 1 ]; then
          /bin/sh "$0" $(($1 - 1)) &
        else
          sleep 300 &
          echo $! >> pids
        fi
        wait
        """);
    executor.launch(Tasks.argv("chain", "/bin/sh", chain.toString(), "3"));
    try (Watched task = watch("chain")) {
      List<Stat> tree =
          task.await(
              m -> m.size() == 4 && count(m, "sleep") == 1 && task.reported().size() == 4,
              "sh -> sh -> sh -> sleep");
      List<Long> pids = task.reported();
      assertEquals("the task's first process heads the chain", task.leader, (long) pids.get(0));
      for (int i = 1; i < pids.size(); i++) {
        Stat s = ProcScan.stat(pids.get(i)).orElseThrow();
        assertEquals("parent of level " + i + " in " + tree, (long) pids.get(i - 1), s.ppid());
        assertEquals("session of " + s, task.leader, s.sid());
      }

      executor.kill("chain");
      TaskStatus terminal = executor.awaitTerminal("chain");

      task.assertNothingLeftAtTerminal();
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("chain"));
      assertMatches(
          "Task killed by killTask: 4 processes; exited on SIGTERM after \\d+ ms"
              + " \\(Command terminated with signal Terminated\\)",
          terminal.getMessage());
      assertEquals(15, Tasks.data(terminal).get("signal").getAsInt());
    }
  }

  @Test
  public void backgroundSleepOfATaskThatExitedIsTerminatedBeforeTaskFinished() throws Exception {
    executor.launch(
        Tasks.shell("leftover", "sleep 300 & echo $! >> pids; " + AWAIT_GO + "; exit 0"));
    try (Watched task = watch("leftover")) {
      task.await(
          m -> task.reported().size() == 1 && count(m, "sleep", task.reported().get(0)) == 1,
          "the background sleep");
      long sleep = task.reported().get(0);
      Stat before = ProcScan.stat(sleep).orElseThrow();
      assertEquals("sleep", before.comm());
      assertEquals(task.leader, before.ppid());

      task.go();
      TaskStatus terminal = executor.awaitTerminal("leftover");

      task.assertNothingLeftAtTerminal();
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED),
          executor.driver().states("leftover"));
      assertMatches(
          "Command exited with status 0; 1 leftover process was terminated:"
              + " exited on SIGTERM after \\d+ ms",
          terminal.getMessage());
      assertEquals(0, Tasks.data(terminal).get("exit_code").getAsInt());
      assertTrue(Tasks.data(terminal).get("signal").isJsonNull());
      ProcScan.assertNotAZombieChildOf(sleep, JVM);
    }
  }

  @Test
  public void killedTaskTakesItsDoubleForkedDaemonInAnotherSessionAlong() throws Exception {
    // The subshell starts the daemon in a session of its own and exits at once: the daemon's
    // parent is gone, so the kernel re-parents it to the executor (subreaper), outside the
    // task's session and process group.
    executor.launch(
        Tasks.shell(
            "daemon",
            """
        (setsid sh -c 'echo $$ >> daemon.pids; exec sleep 300' &)
        echo $$ >> pids
        sleep 300 &
        echo $! >> pids
        wait
        """));
    try (Watched task = watch("daemon")) {
      task.await(
          m -> m.size() == 3 && count(m, "sleep") == 2 && task.reported().size() == 3,
          "the task's shell, its sleep and the daemon's sleep");
      long daemon = daemonPid(task);
      Stat d = ProcScan.stat(daemon).orElseThrow();
      assertEquals("the daemon is adopted by the executor: " + d, JVM, d.ppid());
      assertEquals("the daemon leads a session of its own: " + d, daemon, d.sid());
      assertNotEquals(task.leader, d.pgid());

      executor.kill("daemon");
      TaskStatus terminal = executor.awaitTerminal("daemon");

      task.assertNothingLeftAtTerminal();
      ProcScan.assertNotAZombieChildOf(daemon, JVM);
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("daemon"));
      assertMatches(
          "Task killed by killTask: 3 processes; exited on SIGTERM after \\d+ ms"
              + " \\(Command terminated with signal Terminated\\)",
          terminal.getMessage());
    }
  }

  @Test
  public void setsidForkDaemonOfATaskThatExitedIsTerminatedBeforeTaskFinished() throws Exception {
    executor.launch(
        Tasks.shell(
            "setsid-f",
            """
        setsid -f sh -c 'echo $$ >> daemon.pids; exec sleep 300'
        echo $$ >> pids
        %s
        exit 0
        """
                .formatted(AWAIT_GO)));
    try (Watched task = watch("setsid-f")) {
      task.await(
          m ->
              task.reported().size() == 2
                  && task.pidsIn("daemon.pids").size() == 1
                  && count(m, "sleep", task.pidsIn("daemon.pids").get(0)) == 1,
          "the daemon's sleep");
      long daemon = daemonPid(task);
      Stat d = ProcScan.stat(daemon).orElseThrow();
      assertEquals("adopted by the executor: " + d, JVM, d.ppid());
      assertEquals("in a session of its own: " + d, daemon, d.sid());

      task.go();
      TaskStatus terminal = executor.awaitTerminal("setsid-f");

      task.assertNothingLeftAtTerminal();
      ProcScan.assertNotAZombieChildOf(daemon, JVM);
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED),
          executor.driver().states("setsid-f"));
      assertMatches(
          "Command exited with status 0; 1 leftover process was terminated:"
              + " exited on SIGTERM after \\d+ ms",
          terminal.getMessage());
    }
  }

  @Test
  public void daemonWithAChildOfItsOwnIsTerminatedWholeBeforeTaskFinished() throws Exception {
    // nohup'd, in a session of its own, with a child it waits for even on SIGTERM, so that the
    // child is found under the daemon, never re-parented to the executor (for that, see the
    // childOfADaemonIsGoneAndReapedWhenTheTerminalUpdateGoesOut).
    executor.launch(
        Tasks.shell(
            "daemon-tree",
            """
        setsid -f nohup sh -c 'trap "wait; exit 0" TERM; echo $$ >> daemon.pids; \
          sleep 300 & echo $! >> daemon.pids; wait' > /dev/null 2>&1
        echo $$ >> pids
        %s
        exit 0
        """
                .formatted(AWAIT_GO)));
    try (Watched task = watch("daemon-tree")) {
      task.await(
          m ->
              task.pidsIn("daemon.pids").size() == 2
                  && task.reported().size() == 3
                  && count(m, "sleep", task.pidsIn("daemon.pids").get(1)) == 1,
          "the daemon shell and its sleep");
      long daemon = daemonPid(task);
      Stat d = ProcScan.stat(daemon).orElseThrow();
      assertEquals("adopted by the executor: " + d, JVM, d.ppid());
      assertEquals("in a session of its own: " + d, daemon, d.sid());
      Stat child = ProcScan.stat(task.pidsIn("daemon.pids").get(1)).orElseThrow();
      assertEquals("the daemon's child: " + child, daemon, child.ppid());

      task.go();
      TaskStatus terminal = executor.awaitTerminal("daemon-tree");

      task.assertNothingLeftAtTerminal();
      ProcScan.assertNotAZombieChildOf(daemon, JVM);
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_FINISHED),
          executor.driver().states("daemon-tree"));
      assertMatches(
          "Command exited with status 0; 2 leftover processes were terminated:"
              + " exited on SIGTERM after \\d+ ms",
          terminal.getMessage());
    }
  }

  @Test
  public void killedTaskTakesFiftyOrphansInSessionsOfTheirOwnAlong() throws Exception {
    // Found by their marker only: outside the task's session and group, children of the JVM.
    executor.launch(
        Tasks.shell(
            "fifty",
            """
        i=0
        while [ $i -lt 50 ]; do (setsid sleep 300 &); i=$((i + 1)); done
        echo $$ >> pids
        sleep 300 &
        wait
        """));
    try (Watched task = watch("fifty")) {
      List<Stat> before =
          task.await(
              m ->
                  m.size() == 52
                      && m.stream()
                              .filter(
                                  s ->
                                      s.comm().equals("sleep")
                                          && s.ppid() == JVM
                                          && s.sid() == s.pid())
                              .count()
                          == 50,
              "the shell, its sleep and 50 orphaned sleeps, each leading its own session");
      assertEquals(1, before.stream().filter(s -> s.pid() == task.leader).count());

      executor.kill("fifty");
      TaskStatus terminal = executor.awaitTerminal("fifty");

      task.assertNothingLeftAtTerminal();
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("fifty"));
      assertMatches(
          "Task killed by killTask: 52 processes; exited on SIGTERM after \\d+ ms"
              + " \\(Command terminated with signal Terminated\\)",
          terminal.getMessage());
    }
  }

  @Test
  public void treeThatIgnoresSigtermIsKilledWithSigkillAndNothingIsLeft() throws Exception {
    JsonObject spec =
        Tasks.shellSpec(
            """
        trap '' TERM
        sh -c 'trap "" TERM; echo $$ >> pids; sleep 300 & echo $! >> pids; wait' &
        echo $$ >> pids
        wait
        """);
    spec.addProperty("kill_grace_period_ms", 500);
    executor.launch(Tasks.withSpec("stubborn", spec));
    try (Watched task = watch("stubborn")) {
      task.await(
          m -> m.size() == 3 && count(m, "sleep") == 1 && task.reported().size() == 3,
          "shell -> shell -> sleep");
      for (long pid : task.reported()) {
        assertTrue("SIGTERM ignored by " + pid, ignoresSigterm(pid));
      }

      executor.kill("stubborn");
      TaskStatus terminal = executor.awaitTerminal("stubborn");

      task.assertNothingLeftAtTerminal();
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("stubborn"));
      assertMatches(
          "Task killed by killTask: 3 processes; did not exit within the 500 ms grace"
              + " period after SIGTERM, so SIGKILL was sent; ended after \\d+ ms"
              + " \\(Command terminated with signal Killed\\)",
          terminal.getMessage());
      assertEquals(9, Tasks.data(terminal).get("signal").getAsInt());
      assertTrue(terminal.getMessage(), took(terminal) >= 500);
    }
  }

  @Test
  public void daemonThatIgnoresSigtermOutlivingTheTaskDelaysTaskKilledUntilSigkill()
      throws Exception {
    JsonObject spec =
        Tasks.shellSpec(
            """
        (setsid sh -c 'trap "" TERM; echo $$ >> daemon.pids; exec sleep 300' &)
        echo $$ >> pids
        sleep 300 &
        wait
        """);
    spec.addProperty("kill_grace_period_ms", 500);
    executor.launch(Tasks.withSpec("stubborn-daemon", spec));
    try (Watched task = watch("stubborn-daemon")) {
      task.await(
          m -> m.size() == 3 && count(m, "sleep") == 2 && task.reported().size() == 2,
          "the task's shell, its sleep and the daemon");
      long daemon = daemonPid(task);
      assertEquals(JVM, ProcScan.stat(daemon).orElseThrow().ppid());
      assertTrue(ignoresSigterm(daemon));

      executor.kill("stubborn-daemon");
      TaskStatus terminal = executor.awaitTerminal("stubborn-daemon");

      task.assertNothingLeftAtTerminal();
      ProcScan.assertNotAZombieChildOf(daemon, JVM);
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED),
          executor.driver().states("stubborn-daemon"));
      // The task's own shell ended on SIGTERM; the daemon needed SIGKILL, and the update waited.
      assertMatches(
          "Task killed by killTask: 3 processes; did not exit within the 500 ms grace"
              + " period after SIGTERM, so SIGKILL was sent; ended after \\d+ ms"
              + " \\(Command terminated with signal Terminated\\)",
          terminal.getMessage());
      assertTrue(terminal.getMessage(), took(terminal) >= 500);
    }
  }

  @Test
  public void treeThatForksAStormOnSigtermIsKilledWithNothingLeft() throws Exception {
    // On SIGTERM the shell forks as fast as it can, until SIGKILL stops it. (Forking into
    // sessions of their own as well, "setsid sleep 300 &", hit the race that
    // childOfADaemonIsGoneAndReapedWhenTheTerminalUpdateGoesOut reproduces, about 1 run in 25.)
    JsonObject spec =
        Tasks.shellSpec(
            """
        storm() {
          i=0
          while [ $i -lt 3000 ]; do
            sleep 300 &
            i=$((i + 1))
          done
        }
        trap 'echo term >> got; storm' TERM
        echo $$ >> pids
        while :; do sleep 0.05; done
        """);
    spec.addProperty("kill_grace_period_ms", 500);
    executor.launch(Tasks.withSpec("storm", spec));
    try (Watched task = watch("storm")) {
      task.await(m -> task.reported().size() == 1, "the shell");

      executor.kill("storm");
      TaskStatus terminal = executor.awaitTerminal("storm");

      task.assertNothingLeftAtTerminal();
      assertTrue(
          "the storm began: the shell got SIGTERM",
          Files.exists(executor.taskDir("storm").resolve("got")));
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("storm"));
      assertMatches(
          "Task killed by killTask: \\d+ processes; did not exit within the 500 ms"
              + " grace period after SIGTERM, so SIGKILL was sent; ended after \\d+ ms"
              + " \\(Command terminated with signal Killed\\)",
          terminal.getMessage());
      assertEquals(9, Tasks.data(terminal).get("signal").getAsInt());
      // The shell and its sleep are 2; how many more the storm forks in the 500 ms grace period
      // is the machine's fork speed (over 100 on most, 88 where a fork takes 6 ms).
      assertTrue("SIGKILL went to the storm: " + terminal.getMessage(), processesIn(terminal) > 20);
    }
  }

  @Test
  public void shellForkingSleepsAsFastAsItCanIsKilledMidStreamWithNothingLeft() throws Exception {
    // Bounded, so that a broken kill cannot exhaust the pids; killed long before the bound.
    executor.launch(
        Tasks.shell(
            "fork-loop",
            """
        echo $$ >> pids
        i=0
        while [ $i -lt 3000 ]; do sleep 300 & i=$((i + 1)); done
        wait
        """));
    try (Watched task = watch("fork-loop")) {
      List<Stat> before = task.await(m -> count(m, "sleep") >= 50, "at least 50 sleeps");
      assertTrue("still forking: " + before.size(), before.size() < 3000);

      executor.kill("fork-loop");
      TaskStatus terminal = executor.awaitTerminal("fork-loop");

      task.assertNothingLeftAtTerminal();
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("fork-loop"));
      assertMatches(
          "Task killed by killTask: \\d+ processes; exited on SIGTERM after \\d+ ms"
              + " \\(Command terminated with signal Terminated\\)",
          terminal.getMessage());
      assertTrue(
          "every sleep seen before the kill was counted: " + terminal.getMessage(),
          processesIn(terminal) > count(before, "sleep"));
    }
  }

  @Test
  public void treeThatKeepsOrphaningChildrenIntoOtherSessionsIsKilledWithNothingLeft()
      throws Exception {
    // Every round a subshell starts a sleep in a new session and exits: a steady stream of
    // orphans the executor adopts, each outside the task's session and group, while it kills.
    executor.launch(
        Tasks.shell(
            "orphans",
            """
        echo $$ >> pids
        while :; do (setsid sleep 2 &); done
        """));
    try (Watched task = watch("orphans")) {
      List<Stat> before =
          task.await(
              m ->
                  m.stream().filter(s -> s.comm().equals("sleep") && s.ppid() == JVM).count() >= 20,
              "at least 20 orphaned sleeps adopted by the executor");
      assertTrue(before.stream().anyMatch(s -> s.sid() != task.leader));

      executor.kill("orphans");
      TaskStatus terminal = executor.awaitTerminal("orphans");

      task.assertNothingLeftAtTerminal();
      assertEquals(
          List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED), executor.driver().states("orphans"));
      assertThat(terminal.getMessage(), containsString("Task killed by killTask: "));
      assertMatches("Task killed by killTask: \\d+ processes; .*", terminal.getMessage());
    }
  }

  @Test
  public void orphanAdoptedWhileTheTaskRunsIsNotLeftAZombieOfTheExecutorWhenKilled()
      throws Exception {
    executor.launch(
        Tasks.shell(
            "orphan",
            """
        (sleep 300 & echo $! >> orphan.pids)
        echo $$ >> pids
        sleep 300 &
        wait
        """));
    try (Watched task = watch("orphan")) {
      task.await(
          m -> m.size() == 3 && count(m, "sleep") == 2 && task.reported().size() == 2,
          "the shell, its sleep and the orphan");
      long orphan = orphanPid(task);
      Stat o = ProcScan.stat(orphan).orElseThrow();
      assertEquals("re-parented to the executor: " + o, JVM, o.ppid());
      assertEquals("still in the task's session: " + o, task.leader, o.sid());

      executor.kill("orphan");
      TaskStatus terminal = executor.awaitTerminal("orphan");

      // Checked at once: a zombie child of the JVM at the terminal update is a failure too.
      task.assertNothingLeftAtTerminal();
      assertFalse(
          "the orphan still exists: " + ProcScan.stat(orphan),
          ProcScan.stat(orphan).filter(s -> s.startTime() == o.startTime()).isPresent());
      ProcScan.assertNotAZombieChildOf(orphan, JVM);
      assertEquals(TASK_KILLED, terminal.getState());
      assertMatches(
          "Task killed by killTask: 3 processes; exited on SIGTERM after \\d+ ms"
              + " \\(Command terminated with signal Terminated\\)",
          terminal.getMessage());
    }
  }

  @Test
  public void orphanThatExitsWhileTheTaskRunsIsReapedWithoutWaitingForTheTask() throws Exception {
    executor.launch(
        Tasks.shell(
            "reaped",
            """
        (sleep 0.3 & echo $! >> orphan.pids)
        echo $$ >> pids
        %s
        exit 0
        """
                .formatted(AWAIT_GO)));
    try (Watched task = watch("reaped")) {
      task.await(m -> task.reported().size() == 2, "the orphan's pid");
      long orphan = orphanPid(task);
      Stat o = ProcScan.stat(orphan).orElse(null);
      assertTrue("the orphan is adopted by the executor: " + o, o == null || o.ppid() == JVM);

      // It exits on its own after 0.3 s; the executor reaps the orphans it adopts about once a
      // second, whether or not anything of their task is being killed.
      long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (ProcScan.stat(orphan).map(s -> s.ppid() == JVM).orElse(false)
          && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      ProcScan.assertNotAZombieChildOf(orphan, JVM);
      assertTrue("the task still runs", ProcScan.alive(task.leader));
      assertEquals(List.of(TASK_STARTING, TASK_RUNNING), executor.driver().states("reaped"));

      task.go();
      TaskStatus terminal = executor.awaitTerminal("reaped");

      task.assertNothingLeftAtTerminal();
      assertEquals(TASK_FINISHED, terminal.getState());
      assertEquals(
          "nothing was left to terminate", "Command exited with status 0", terminal.getMessage());
    }
  }

  @Test
  public void shutdownTakesTheDaemonsOfEveryTaskAlong() throws Exception {
    List<String> ids = List.of("sd-1", "sd-2");
    for (String id : ids) {
      executor.launch(
          Tasks.shell(
              id,
              """
          (setsid sh -c 'echo $$ >> daemon.pids; exec sleep 300' &)
          setsid -f sh -c 'echo $$ >> daemon.pids; exec sleep 300'
          echo $$ >> pids
          sleep 300 &
          wait
          """));
    }
    List<Watched> tasks = new ArrayList<>();
    try {
      for (String id : ids) {
        Watched task = watch(id, false);
        tasks.add(task);
        task.await(
            m -> m.size() == 4 && count(m, "sleep") == 3 && task.reported().size() == 3,
            "the shell, its sleep and two daemons");
      }

      executor.shutdown();
      executor.driver().awaitStopped(WAIT);

      for (Watched task : tasks) {
        task.assertNothingLeftAtTerminal();
        assertEquals(
            task.id,
            List.of(TASK_STARTING, TASK_RUNNING, TASK_KILLED),
            executor.driver().states(task.id));
        TaskStatus killed = executor.driver().updates(task.id).get(2);
        assertMatches(
            "Task killed by executor shutdown: 4 processes; exited on SIGTERM after"
                + " \\d+ ms \\(Command terminated with signal Terminated\\)",
            killed.getMessage());
      }
      long since = tasks.stream().mapToLong(t -> t.leaderStart).min().orElseThrow();
      assertEquals(
          "zombie children of the executor once it stopped",
          List.of(),
          ProcScan.zombieChildren(JVM, since));
    } finally {
      for (Watched task : tasks) {
        task.close();
      }
    }
  }

  @Test
  public void orphanCaughtInTheMiddleOfAnExecIsStillKilled() throws Exception {
    // Two orphans in sessions of their own that exec themselves 200 times before they settle:
    // whenever the executor first reads one's environment, it may be in the middle of an exec,
    // when the kernel shows none. (A process that execs without ever pausing shows its
    // environment almost never and cannot be told apart: see the README.)
    Path respawn =
        script(
            "respawn.sh",
            """
        n=${1:-0}
        [ "$n" -gt 0 ] || echo $$ >> orphan.pids
        [ "$n" -lt 200 ] || exec sleep 300
        exec /bin/sh "$0" $((n + 1))
        """);
    for (int round = 0; round < ROUNDS; round++) {
      String id = "respawn-" + round;
      executor.launch(
          Tasks.shell(
              id,
              """
          (setsid /bin/sh %1$s &)
          (setsid /bin/sh %1$s &)
          echo $$ >> pids
          sleep 300 &
          wait
          """
                  .formatted(respawn)));
      try (Watched task = watch(id)) {
        task.awaitPids(
            () ->
                task.pidsIn("orphan.pids").size() == 2
                    && task.pidsIn("orphan.pids").stream()
                        .allMatch(p -> ProcScan.stat(p).map(st -> st.ppid() == JVM).orElse(false))
                    && task.reported().size() == 3,
            "2 orphans adopted by the executor");

        executor.kill(id);
        TaskStatus terminal = executor.awaitTerminal(id);

        task.assertNothingLeftAtTerminal();
        assertMatches(
            "Task killed by killTask: 4 processes; exited on SIGTERM after \\d+ ms"
                + " \\(Command terminated with signal Terminated\\)",
            terminal.getMessage());
      }
    }
  }

  @Test
  public void childOfADaemonThatDiesOnSigtermIsWaitedForAndKilled() throws Exception {
    // The daemon dies on SIGTERM at once; its child ignores SIGTERM and is re-parented to the
    // executor right then, while the executor looks for what is left of the task.
    for (int round = 0; round < ROUNDS; round++) {
      String id = "reparented-" + round;
      JsonObject spec =
          Tasks.shellSpec(
              """
          setsid -f sh -c 'echo $$ >> daemon.pids; \
            sh -c "trap \\"\\" TERM; echo \\$\\$ >> child.pids; exec sleep 300" & wait'
          echo $$ >> pids
          %s
          exit 0
          """
                  .formatted(AWAIT_GO));
      spec.addProperty("kill_grace_period_ms", 200);
      executor.launch(Tasks.withSpec(id, spec));
      try (Watched task = watch(id)) {
        task.await(
            m ->
                task.pidsIn("child.pids").size() == 1
                    && task.reported().size() == 3
                    && count(m, "sleep", task.pidsIn("child.pids").get(0)) == 1,
            "the daemon and its child");
        long child = task.pidsIn("child.pids").get(0);
        assertTrue("the child ignores SIGTERM", ignoresSigterm(child));

        task.go();
        TaskStatus terminal = executor.awaitTerminal(id);

        task.assertNothingLeftAtTerminal();
        assertMatches(
            "Command exited with status 0; 2 leftover processes were terminated:"
                + " did not exit within the 200 ms grace period after SIGTERM, so SIGKILL was sent;"
                + " ended after \\d+ ms",
            terminal.getMessage());
      }
    }
  }

  @Test
  public void childOfADaemonIsGoneAndReapedWhenTheTerminalUpdateGoesOut() throws Exception {
    // Both die on SIGTERM; the child, when its daemon dies first, dies as the executor's.
    for (int round = 0; round < ROUNDS; round++) {
      String id = "grandchild-" + round;
      executor.launch(
          Tasks.shell(
              id,
              """
          setsid -f sh -c 'echo $$ >> daemon.pids; sleep 300 & echo $! >> daemon.pids; wait'
          echo $$ >> pids
          %s
          exit 0
          """
                  .formatted(AWAIT_GO)));
      try (Watched task = watch(id)) {
        task.await(
            m ->
                task.pidsIn("daemon.pids").size() == 2
                    && task.reported().size() == 3
                    && count(m, "sleep", task.pidsIn("daemon.pids").get(1)) == 1,
            "the daemon and its sleep");

        task.go();
        TaskStatus terminal = executor.awaitTerminal(id);

        task.assertNothingLeftAtTerminal();
        assertMatches(
            "Command exited with status 0; 2 leftover processes were terminated:"
                + " exited on SIGTERM after \\d+ ms",
            terminal.getMessage());
      }
    }
  }

  @Test
  public void orphanThatDropsItsMarkerIsTerminatedWhenItsTaskEnds() throws Exception {
    assertDisguisedOrphanEndsWithItsTask("dropped", "env -u " + ProcScan.MARKER_VARIABLE);
  }

  @Test
  public void orphanThatForgesAnotherTasksMarkerIsTerminatedWhenItsOwnTaskEnds() throws Exception {
    executor.launch(Tasks.shell("victim", "sleep 300"));
    long victim = executor.awaitPid("victim");
    String victimMarker = ProcScan.awaitMarker(victim, WAIT);
    assertDisguisedOrphanEndsWithItsTask(
        "forged", "env " + ProcScan.MARKER_VARIABLE + "=" + victimMarker);
    assertTrue("the task whose marker was forged still runs", ProcScan.alive(victim));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING), executor.driver().states("victim"));
  }

  @Test
  public void orphanWithABogusMarkerIsTerminatedWhenItsTaskEnds() throws Exception {
    assertDisguisedOrphanEndsWithItsTask("bogus", "env " + ProcScan.MARKER_VARIABLE + "=bogus");
  }

  /**
   * A task starts an orphan in a session of its own that execs {@code sleep} through {@code
   * disguise} (an env that drops or rewrites its marker), then ends, leaving it re-parented to the
   * executor with no marker of its task. The executor saw it in the task's tree while the task ran
   * (its periodic look; a short-lived orphan it reaps afterwards shows that a look has passed), so
   * the task's terminal update waits until it is gone.
   */
  private void assertDisguisedOrphanEndsWithItsTask(String id, String disguise) throws Exception {
    executor.launch(
        Tasks.shell(
            id,
            """
        setsid sh -c 'echo $$ >> orphan.pids; exec %s sleep 300' &
        echo $$ >> pids
        %s
        (setsid sh -c 'echo $$ >> blip.pids' &)
        while [ ! -e go2 ]; do sleep 0.02; done
        """
                .formatted(disguise, AWAIT_GO)));
    try (Watched task = watch(id)) {
      task.awaitPids(
          () ->
              task.pidsIn("orphan.pids").size() == 1
                  && ProcScan.stat(orphanPid(task))
                      .map(st -> st.comm().equals("sleep"))
                      .orElse(false),
          "the orphan running sleep");
      long orphan = orphanPid(task);
      Stat orphanStat = ProcScan.stat(orphan).orElseThrow();
      assertNotEquals(
          "the orphan shows its task's marker",
          Optional.of(task.marker),
          ProcScan.markerOf(orphan));
      Set<Long> aliveAtTerminal = ConcurrentHashMap.newKeySet();
      executor
          .driver()
          .onUpdate(
              s -> {
                if (s.getTaskId().getValue().equals(id)
                    && Statuses.isTerminal(s.getState())
                    && ProcScan.stat(orphan)
                        .filter(st -> st.startTime() == orphanStat.startTime())
                        .isPresent()) {
                  aliveAtTerminal.add(orphan);
                }
              });
      task.go();
      task.awaitPids(
          () ->
              task.pidsIn("blip.pids").size() == 1
                  && ProcScan.stat(task.pidsIn("blip.pids").get(0)).isEmpty(),
          "a short-lived orphan reaped by the executor");
      Files.writeString(executor.taskDir(id).resolve("go2"), "");

      TaskStatus terminal = executor.awaitTerminal(id);

      assertEquals(TASK_FINISHED, terminal.getState());
      assertMatches(
          "Command exited with status 0; 1 leftover process was terminated: exited on"
              + " SIGTERM after \\d+ ms",
          terminal.getMessage());
      assertEquals(
          "the orphan was alive when the terminal update went out", Set.of(), aliveAtTerminal);
      task.assertNothingLeftAtTerminal();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Starts watching a task that was launched: waits for its first process and its marker. */
  private Watched watch(String id) throws InterruptedException {
    return watch(id, true);
  }

  private Watched watch(String id, boolean zombiesOfTheJvm) throws InterruptedException {
    return new Watched(id, zombiesOfTheJvm);
  }

  /**
   * One task under watch: its marker, every pid of it seen so far, and a look at what was left of
   * it taken on the executor's thread the moment its terminal update went out.
   */
  private final class Watched implements AutoCloseable {
    final String id;
    final long leader;
    final String marker;
    final long leaderStart;
    private final boolean zombiesOfTheJvm;
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private volatile Leftovers atTerminal;
    private volatile Throwable lookFailed;

    Watched(String id, boolean zombiesOfTheJvm) throws InterruptedException {
      this.id = id;
      this.zombiesOfTheJvm = zombiesOfTheJvm;
      this.leader = executor.awaitPid(id);
      this.marker = ProcScan.awaitMarker(leader, WAIT);
      this.leaderStart = ProcScan.stat(leader).orElseThrow().startTime();
      seen.add(leader);
      executor
          .driver()
          .onUpdate(
              s -> {
                if (s.getTaskId().getValue().equals(id) && Statuses.isTerminal(s.getState())) {
                  try {
                    atTerminal = look();
                  } catch (Throwable t) {
                    lookFailed = t;
                  }
                }
              });
    }

    /**
     * Waits until the live processes with the marker satisfy {@code done}, remembers their pids and
     * returns them.
     */
    List<Stat> await(java.util.function.Predicate<List<Stat>> done, String what)
        throws InterruptedException {
      List<Stat> marked = ProcScan.awaitMarked(marker, done, what, WAIT);
      marked.forEach(s -> seen.add(s.pid()));
      seen.addAll(reported());
      return marked;
    }

    /** Waits until {@code done} holds, remembering the pids the task reported. */
    void awaitPids(java.util.function.BooleanSupplier done, String what)
        throws InterruptedException {
      long end = System.nanoTime() + WAIT.toNanos();
      while (!done.getAsBoolean()) {
        if (System.nanoTime() >= end) {
          throw new AssertionError(
              "task " + id + ": no " + what + " within " + WAIT + "; reported " + reported());
        }
        Thread.sleep(20);
      }
      seen.addAll(reported());
    }

    /** The pids the task wrote down itself. */
    List<Long> reported() {
      return ProcScan.reportedPids(executor.taskDir(id));
    }

    /** The pids the task wrote to {@code file} in its directory, none if it has not yet. */
    List<Long> pidsIn(String file) {
      try {
        Path f = executor.taskDir(id).resolve(file);
        return Files.exists(f)
            ? Files.readAllLines(f).stream()
                .filter(l -> !l.isBlank())
                .map(l -> Long.parseLong(l.trim()))
                .toList()
            : List.of();
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }

    /** Lets a task that waits on {@link #AWAIT_GO} go on. */
    void go() throws java.io.IOException {
      Files.writeString(executor.taskDir(id).resolve("go"), "");
    }

    Leftovers look() {
      Set<Long> pids = new HashSet<>(seen);
      pids.addAll(reported());
      return ProcScan.leftovers(marker, pids, zombiesOfTheJvm ? JVM : 0, leaderStart);
    }

    /**
     * Asserts that nothing of the task was left when its terminal update went out, nor when the
     * test saw it (just now, without waiting).
     */
    void assertNothingLeftAtTerminal() {
      Leftovers now = look();
      if (lookFailed != null) {
        throw new AssertionError("looking for processes at the terminal update failed", lookFailed);
      }
      assertNotNull("no look taken at the terminal update of " + id, atTerminal);
      ProcScan.assertNothingLeft("when the terminal update of " + id + " was sent", atTerminal);
      ProcScan.assertNothingLeft("when the test saw the terminal update of " + id, now);
    }

    @Override
    public void close() {
      Set<Long> pids = new HashSet<>(seen);
      try {
        pids.addAll(reported());
      } catch (AssertionError | RuntimeException e) {
        // the directory may be gone; the marker still finds what is left
      }
      ProcScan.killMarked(marker, pids, Duration.ofSeconds(10));
    }
  }

  private Path script(String name, String text) throws java.io.IOException {
    Path p = executor.sandbox().resolve(name);
    Files.writeString(p, text);
    return p;
  }

  /** The pid in the task's {@code daemon.pids}: the first line. */
  private static long daemonPid(Watched task) {
    return task.pidsIn("daemon.pids").get(0);
  }

  /** The pid in the task's {@code orphan.pids}. */
  private static long orphanPid(Watched task) {
    return task.pidsIn("orphan.pids").get(0);
  }

  private static long count(List<Stat> processes, String comm) {
    return processes.stream().filter(s -> s.comm().equals(comm)).count();
  }

  /** How many of {@code processes} run {@code comm} and have pid {@code pid}. */
  private static long count(List<Stat> processes, String comm, long pid) {
    return processes.stream().filter(s -> s.comm().equals(comm) && s.pid() == pid).count();
  }

  /** Whether SIGTERM is ignored by the process (bit 15 of SigIgn in /proc/PID/status). */
  private static boolean ignoresSigterm(long pid) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << (15 - 1))) != 0;
      }
    }
    return false;
  }

  private static void assertMatches(String regex, String actual) {
    assertTrue("'" + actual + "' does not match '" + regex + "'", actual.matches(regex));
  }

  /** The process count of a kill message ("N processes; ..."). */
  private static int processesIn(TaskStatus status) {
    Matcher m = Pattern.compile("(\\d+) processes;").matcher(status.getMessage());
    assertTrue("no process count in: " + status.getMessage(), m.find());
    return Integer.parseInt(m.group(1));
  }

  private static long took(TaskStatus status) {
    Matcher m = TOOK.matcher(status.getMessage());
    assertTrue("no duration in: " + status.getMessage(), m.find());
    return Long.parseLong(m.group(1));
  }
}
