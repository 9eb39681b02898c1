package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeFalse;
import static org.mesosexec.testing.StatusJson.assertExitData;
import static org.mesosexec.testing.StatusJson.field;
import static org.mesosexec.testing.StatusJson.isStatusEvent;
import static org.mesosexec.testing.StatusJson.pidOf;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.RunningScript;
import org.mesosexec.testing.ScriptOutput;

/**
 * How a local run ends early: SIGTERM or SIGINT to the JVM, or {@code --shutdown-after}. Running
 * tasks are killed, their TASK_KILLED printed before the exit line, and no task process is left.
 */
public class LocalShutdownIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration PROCESSES_GONE = Duration.ofSeconds(5);

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void sigtermKillsTheRunningTaskAndPrintsTaskKilledThenTheExitLine() throws Exception {
    assertSignalStopsTheRun("TERM");
  }

  @Test
  public void sigintKillsTheRunningTaskAndPrintsTaskKilledThenTheExitLine() throws Exception {
    assertSignalStopsTheRun("INT");
  }

  @Test
  public void shutdownAfterKillsEveryRunningTaskAndExits() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        [{"task_id": {"value": "one"}, "data": {"command": "sleep 60"}},
         {"task_id": {"value": "two"}, "data": {"command": "sleep 60"}}]
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox"), "--shutdown-after", "1")
            .timeout(WAIT)
            .run();
    try {
      out.assertWellFormed();
      for (String task : List.of("one", "two")) {
        assertEquals(out.toString(), "TASK_KILLED", field(out.terminal(task), "state"));
        assertEquals(List.of(), ProcScan.awaitGroupGone(out.taskPid(task), PROCESSES_GONE));
      }
      assertEquals("several tasks, not all finished", 1, out.exitStatus());
    } finally {
      out.taskPids().forEach(ProcScan::killGroup);
    }
  }

  @Test
  public void processesATaskLeavesBehindDoNotOutliveTheRun() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "leaky"}, "data": {"command": "sleep 60 & echo started"}}
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox"))
            .timeout(WAIT)
            .run()
            .assertWellFormed();
    try {
      long pgid = out.taskPid("leaky");
      assertEquals("TASK_FINISHED", field(out.terminal("leaky"), "state"));
      assertThat(
          field(out.terminal("leaky"), "message"),
          containsString(
              "Command exited with status 0; 1 leftover process was terminated: exited on SIGTERM"));
      assertEquals(
          "processes of the task's group still alive after the run",
          List.of(),
          ProcScan.awaitGroupGone(pgid, PROCESSES_GONE));
    } finally {
      out.taskPids().forEach(ProcScan::killGroup);
    }
  }

  @Test
  public void orphansThatDropOrForgeTheirMarkerDoNotOutliveTheRun() throws Exception {
    // The task ends at once: its orphans may be gone from its tree before the executor ever looks
    // at it, and then nothing ties them to the task. The executor kills what it adopted when it
    // exits, whatever the marker says.
    String tag = "orphan-" + java.util.UUID.randomUUID();
    String m = ProcScan.MARKER_VARIABLE;
    String command =
        String.join(
            "\n",
            "setsid sh -c 'exec env -u " + m + " ORPHAN_TAG=" + tag + " sleep 300' &",
            "setsid sh -c 'exec env " + m + "=bogus ORPHAN_TAG=" + tag + " sleep 300' &",
            "setsid sh -c 'exec env "
                + m
                + "=$"
                + m
                + "-forged ORPHAN_TAG="
                + tag
                + " sleep 300' &",
            "(setsid sh -c 'sleep 0.2; exec env -u " + m + " ORPHAN_TAG=" + tag + " sleep 300' &)",
            "exit 0");
    JsonObject data = new JsonObject();
    data.addProperty("command", command);
    JsonObject task = new JsonObject();
    JsonObject id = new JsonObject();
    id.addProperty("value", "leaky");
    task.add("task_id", id);
    task.add("data", data);
    Path taskFile = LocalRunner.writeFile(tmp.getRoot().toPath(), "t.json", task.toString());

    ScriptOutput out;
    try {
      out =
          LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox"))
              .timeout(WAIT)
              .run()
              .assertWellFormed();
      assertEquals(out.toString(), "TASK_FINISHED", field(out.terminal("leaky"), "state"));
      // The run has exited: whatever the JVM adopted is gone with it, at once.
      assertEquals("processes of the task's orphans alive after the run", List.of(), tagged(tag));
    } finally {
      for (ProcScan.Stat s : tagged(tag)) {
        ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** The live processes with {@code ORPHAN_TAG=tag} in their environment. */
  private static List<ProcScan.Stat> tagged(String tag) {
    return ProcScan.all().stream()
        .filter(s -> !s.zombie())
        .filter(
            s -> ProcScan.environmentVariable(s.pid(), "ORPHAN_TAG").map(tag::equals).orElse(false))
        .toList();
  }

  private void assertSignalStopsTheRun(String signal) throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "sleeper"}, "data": {"command": "sleep 60"}}
        """);
    long pid = -1;
    try (RunningScript run =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox"))
            .withDefaultSigint()
            .timeout(WAIT)
            .start()) {
      JsonObject running = run.awaitEvent(e -> isStatusEvent(e, "TASK_RUNNING"), WAIT);
      pid = pidOf(running.getAsJsonObject("status"));
      assumeFalse(
          "the JVM inherited SIGINT ignored and env --default-signal is missing",
          signal.equals("INT") && run.ignoresSigint());

      run.signal(signal); // the script exec'd java: the child's pid is the JVM's
      ScriptOutput out = run.await().assertWellFormed(); // the exit line comes last

      JsonObject killed = out.terminal("sleeper");
      assertEquals(out.toString(), "TASK_KILLED", field(killed, "state"));
      assertExitData(killed, 128 + 15, 15); // the executor stops its tasks with SIGTERM
      assertEquals("one task: its exit code\n" + out, 128 + 15, out.exitStatus());
      assertEquals(List.of(), ProcScan.awaitGroupGone(pid, PROCESSES_GONE));
    } finally {
      if (pid > 0) {
        ProcScan.killGroup(pid);
      }
    }
  }
}
