package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;
import org.mesosexec.testing.StatusJson;
import org.mesosexec.testing.Tasks;

/**
 * Progress reports end to end (DESIGN §6, §7), as a scheduler sees them: {@code run-executor.sh
 * --local} runs real tasks that print progress to stdout, stderr or a progress file, and every
 * framework message and status update is checked in the order it was printed.
 *
 * <p>Timings: the executor polls a quiet file at least every 500 ms, so tasks leave 0.7 s between
 * the lines that must each be reported, with a sample interval of 200 ms.
 */
public class ProgressIT {
  private static final Duration BIG_RUN_LIMIT = Duration.ofMinutes(5);
  private static final long MIB = 1024 * 1024;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  // ---------------------------------------------------------------- order and format

  @Test
  public void progressComesBetweenTaskRunningAndTheExitCodeInOrder() throws Exception {
    JsonObject spec =
        spec(
            String.join(
                "\n",
                "sleep 0.5",
                "echo 'progress: 10 loading data'",
                "sleep 0.7",
                "echo 'progress: 49.5   half way  ' >&2",
                "sleep 0.7",
                "echo 'no progress here'; echo 'progress: 101 out of range'; echo 'progress: fifty'",
                "sleep 0.7",
                "printf 'progress:\\t100\\tall done\\n'",
                "sleep 0.7"),
            200);

    Path sandbox = sandbox();
    ScriptOutput out = run(LocalRunner.local(taskFile(task("steps", spec)), "--sandbox", sandbox));

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals(
        out.toString(),
        List.of(
            "TASK_STARTING",
            "directory " + sandbox.resolve("tasks/steps"),
            "TASK_RUNNING",
            "progress #1 10% 'loading data'",
            "progress #2 50% 'half way'",
            "progress #3 100% 'all done'",
            "exit-code 0",
            "TASK_FINISHED"),
        timeline(out, "steps"));
    for (JsonObject p : progress(out, "steps")) {
      assertProgressFormat(p);
    }
  }

  @Test
  public void progressPrintedAtOnceStillComesAfterTaskRunning() throws Exception {
    JsonObject spec = spec("echo 'progress: 5 right away'; sleep 1", 200);

    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("eager", spec)), "--sandbox", sandbox()));

    assertEquals(
        out.toString(),
        List.of(
            "TASK_STARTING",
            "TASK_RUNNING",
            "progress #1 5% 'right away'",
            "exit-code 0",
            "TASK_FINISHED"),
        withoutDirectory(timeline(out, "eager")));
  }

  @Test
  public void theNewestHeldBackProgressIsSentAfterTheExitCodeAndBeforeTheTerminalUpdate()
      throws Exception {
    JsonObject spec =
        spec(
            String.join(
                "\n",
                "sleep 0.5",
                "echo 'progress: 10 first'",
                "sleep 1",
                "echo 'progress: 20 superseded'",
                "echo 'progress: 30 last words'",
                "exit 3"),
            5000);

    ScriptOutput out = run(LocalRunner.local(taskFile(task("held", spec)), "--sandbox", sandbox()));

    assertEquals(out.toString(), 3, out.exitStatus());
    assertEquals(
        out.toString(),
        List.of(
            "TASK_STARTING",
            "TASK_RUNNING",
            "progress #1 10% 'first'",
            "exit-code 3",
            "progress #2 30% 'last words'",
            "TASK_FAILED"),
        withoutDirectory(timeline(out, "held")));
  }

  @Test
  public void afterTheExitCodeOnlyTheFinalProgressFollows() throws Exception {
    // The task floods stdout so that the executor is always in the middle of reading it.
    JsonObject spec =
        spec(
            "perl -e '$t = time() + 2; while (time() < $t) {"
                + " print \"progress: 50 line $_\\n\" for 1 .. 10000 }'",
            100);

    Path sandbox = sandbox();
    ScriptOutput out =
        run(
            LocalRunner.local(taskFile(task("flood", spec)), "--sandbox", sandbox)
                .timeout(BIG_RUN_LIMIT));
    deleteTaskFiles(sandbox, "flood");

    List<String> timeline = withoutDirectory(timeline(out, "flood"));
    List<String> afterExit = timeline.subList(timeline.indexOf("exit-code 0") + 1, timeline.size());
    assertEquals(
        "after the exit code: one final progress, then the terminal update: " + afterExit,
        2,
        afterExit.size());
    assertThat(afterExit.get(0), containsString("progress #"));
    assertEquals("TASK_FINISHED", afterExit.get(1));
  }

  @Test
  public void aKilledTaskStillReportsItsHeldBackProgressBeforeTaskKilled() throws Exception {
    JsonObject spec =
        spec(
            String.join(
                "\n",
                "sleep 0.5",
                "echo 'progress: 10 a'",
                "sleep 0.7",
                "echo 'progress: 20 b'",
                "sleep 60"),
            30_000);

    ScriptOutput out =
        run(
            LocalRunner.local(
                taskFile(task("killed", spec)), "--sandbox", sandbox(), "--kill", "killed@3"));

    int exitCode = StatusJson.data(out.terminal("killed")).get("exit_code").getAsInt();
    assertEquals(
        out.toString(),
        List.of(
            "TASK_STARTING",
            "TASK_RUNNING",
            "progress #1 10% 'a'",
            "exit-code " + exitCode,
            "progress #2 20% 'b'",
            "TASK_KILLED"),
        withoutDirectory(timeline(out, "killed")));
  }

  // ---------------------------------------------------------------- sources

  @Test
  public void progressFileStdoutAndStderrShareOneSequenceAndTheTaskIsToldItsFile()
      throws Exception {
    JsonObject spec =
        spec(
            String.join(
                "\n",
                "echo \"$EXECUTOR_PROGRESS_OUTPUT_FILE\" > told.txt",
                "sleep 0.5",
                "echo 'progress: 10 from the file' >> \"$EXECUTOR_PROGRESS_OUTPUT_FILE\"",
                "sleep 0.7",
                "echo 'progress: 20 from stdout'",
                "sleep 0.7",
                "echo 'progress: 30 from stderr' >&2",
                "sleep 0.7"),
            200);
    spec.getAsJsonObject("progress").addProperty("file", "logs/progress.log");
    spec.addProperty("command", "mkdir -p logs\n" + spec.get("command").getAsString());

    Path sandbox = sandbox();
    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("sources", spec)), "--sandbox", sandbox));

    assertEquals(
        out.toString(),
        List.of(
            "progress #1 10% 'from the file'",
            "progress #2 20% 'from stdout'", "progress #3 30% 'from stderr'"),
        progressLines(out, "sources"));
    assertEquals(
        "the absolute path of the progress file",
        sandbox.resolve("tasks/sources/logs/progress.log") + "\n",
        Files.readString(sandbox.resolve("tasks/sources/told.txt")));
  }

  @Test
  public void cooksIndirectionNamesTheVariableThatHoldsTheProgressFile() throws Exception {
    JsonObject spec =
        Tasks.shellSpec(
            String.join(
                "\n",
                "echo \"$COOK_PROGRESS_FILE\" > told.txt",
                "mkdir -p cook",
                "sleep 0.5",
                "echo 'progress: 60 via cook' >> \"$COOK_PROGRESS_FILE\"",
                "sleep 0.7"));

    Path sandbox = sandbox();
    ScriptOutput out =
        run(
            LocalRunner.local(taskFile(task("cook", spec)), "--sandbox", sandbox)
                .env("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "COOK_PROGRESS_FILE")
                .env("COOK_PROGRESS_FILE", "cook/progress.txt"));

    assertEquals(out.toString(), List.of("progress #1 60% 'via cook'"), progressLines(out, "cook"));
    assertEquals(
        sandbox.resolve("tasks/cook/cook/progress.txt") + "\n",
        Files.readString(sandbox.resolve("tasks/cook/told.txt")));
  }

  @Test
  public void aProgressFileThatAppearsLateIsReplacedAndTruncatedIsFollowedByName()
      throws Exception {
    JsonObject spec =
        spec(
            String.join(
                "\n",
                "sleep 0.5",
                "echo 'progress: 10 appeared' > p.tmp; mv p.tmp p.log",
                "sleep 0.7",
                "echo 'progress: 20 replaced' > p.tmp; mv p.tmp p.log",
                "sleep 0.7",
                ": > p.log",
                "sleep 1",
                "echo 'progress: 30 written after the truncation' >> p.log",
                "sleep 0.7"),
            200);
    spec.getAsJsonObject("progress").addProperty("file", "p.log");

    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("follow", spec)), "--sandbox", sandbox()));

    assertEquals(
        out.toString(),
        List.of(
            "progress #1 10% 'appeared'",
            "progress #2 20% 'replaced'", "progress #3 30% 'written after the truncation'"),
        progressLines(out, "follow"));
  }

  @Test
  public void specialFilesAndBinaryGarbageAreNoErrorAndNoStall() throws Exception {
    JsonObject fifo =
        spec(
            String.join(
                "\n",
                "mkfifo p.fifo",
                "head -c 1048576 /dev/urandom",
                "echo",
                "sleep 0.5",
                "echo 'progress: 70 after the garbage'",
                "sleep 0.7"),
            200);
    fifo.getAsJsonObject("progress").addProperty("file", "p.fifo");
    JsonObject devNull =
        spec(
            String.join(
                "\n",
                "ln -s /dev/null p.log",
                "head -c 1048576 /dev/urandom >&2",
                "sleep 0.5",
                "echo 'progress: 80 next to /dev/null'",
                "sleep 0.7"),
            200);
    devNull.getAsJsonObject("progress").addProperty("file", "p.log");

    long started = System.nanoTime();
    ScriptOutput out =
        run(
            LocalRunner.local(
                taskFile(task("fifo", fifo), task("devnull", devNull)), "--sandbox", sandbox()));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals(
        out.toString(), List.of("progress #1 70% 'after the garbage'"), progressLines(out, "fifo"));
    assertEquals(
        out.toString(),
        List.of("progress #1 80% 'next to /dev/null'"),
        progressLines(out, "devnull"));
    assertTrue("no stall: " + took, took.compareTo(Duration.ofSeconds(30)) < 0);
  }

  @Test
  public void aProgressFileThatLinksOutOfTheSandboxIsNotRead() throws Exception {
    Path outside = tmp.newFile("outside.txt").toPath();
    Files.writeString(outside, "progress: 66 read from outside the sandbox\n");
    JsonObject spec = spec(String.join("\n", "ln -s '" + outside + "' p.log", "sleep 1.5"), 200);
    spec.getAsJsonObject("progress").addProperty("file", "p.log");

    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("escape", spec)), "--sandbox", sandbox()));

    assertEquals(out.toString(), "TASK_FINISHED", field(out.terminal("escape"), "state"));
    assertEquals(out.toString(), List.of(), progressLines(out, "escape"));
  }

  // ---------------------------------------------------------------- settings and spec

  @Test
  public void settingsChooseTheRegexTheLineLimitAndTheMessageCap() throws Exception {
    JsonObject spec =
        Tasks.shellSpec(
            String.join(
                "\n",
                "sleep 0.5",
                "perl -e 'print \"10% done: \", \"m\" x 100, \"\\n\"'",
                "sleep 0.7",
                "perl -e 'print \"20% done: x\", \"\\xc3\\xa9\" x 100, \"\\n\"'",
                "sleep 0.7",
                "printf '30%% done: caf\\351 au lait\\n'",
                "sleep 0.7",
                "echo 'progress: 40 the default regex is not in use'",
                "sleep 0.7",
                "echo '62.5% done: rounded'",
                "sleep 0.7"));

    ScriptOutput out =
        run(
            LocalRunner.local(taskFile(task("settings", spec)), "--sandbox", sandbox())
                .env("PROGRESS_REGEX_STRING", "([0-9.]+)% done:\\s*(.*)")
                .env("PROGRESS_SAMPLE_INTERVAL_MS", "200")
                .env("EXECUTOR_MAX_BYTES_READ_PER_LINE", "128")
                .env("EXECUTOR_MAX_MESSAGE_LENGTH", "64"));

    assertEquals(
        out.toString(),
        List.of(
            // 100 characters cut to the cap of 64, ending in "..."
            "progress #1 10% '" + "m".repeat(61) + "...'",
            // 211 bytes cut to 128: 11 + 58 * 2 bytes, then half an é
            "progress #2 20% 'x" + "é".repeat(58) + "\uFFFD'",
            "progress #3 30% 'caf\uFFFD au lait'",
            "progress #4 63% 'rounded'"),
        progressLines(out, "settings"));
  }

  @Test
  public void anEmptyRegexSettingTurnsProgressOff() throws Exception {
    JsonObject spec =
        Tasks.shellSpec("echo 'progress: 50 half'; sleep 1; echo 'progress: 60 more' >&2");

    ScriptOutput out =
        run(
            LocalRunner.local(taskFile(task("setting-off", spec)), "--sandbox", sandbox())
                .env("PROGRESS_REGEX_STRING", ""));

    assertEquals(
        out.toString(),
        List.of("TASK_STARTING", "TASK_RUNNING", "exit-code 0", "TASK_FINISHED"),
        withoutDirectory(timeline(out, "setting-off")));
  }

  @Test
  public void anEmptyRegexInTheSpecTurnsProgressOff() throws Exception {
    JsonObject spec = spec("echo 'progress: 50 half'; sleep 1; echo 'progress: 60 more' >&2", 200);
    spec.getAsJsonObject("progress").addProperty("regex", "");

    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("spec-off", spec)), "--sandbox", sandbox()));

    assertEquals(
        out.toString(),
        List.of("TASK_STARTING", "TASK_RUNNING", "exit-code 0", "TASK_FINISHED"),
        withoutDirectory(timeline(out, "spec-off")));
  }

  @Test
  public void aSpecRegexThatDoesNotCompileIsATaskErrorNamingIt() throws Exception {
    JsonObject bad = spec("touch ran", 200);
    bad.getAsJsonObject("progress").addProperty("regex", "progress: (");

    Path sandbox = sandbox();
    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("bad-regex", bad)), "--sandbox", sandbox));

    JsonObject error = out.terminal("bad-regex");
    assertEquals(out.toString(), List.of("TASK_ERROR"), timeline(out, "bad-regex"));
    assertEquals("REASON_TASK_INVALID", field(error, "reason"));
    assertThat(field(error, "message"), containsString("\"progress.regex\""));
    assertFalse("the task never ran", Files.exists(sandbox.resolve("tasks/bad-regex/ran")));
  }

  @Test
  public void aProgressFileOutsideTheSandboxIsATaskErrorNamingIt() throws Exception {
    JsonObject spec = Tasks.shellSpec("touch ran");
    spec.add(
        "env",
        Tasks.stringMap(java.util.Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "../../../outside.txt")));

    Path sandbox = sandbox();
    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("outside", spec)), "--sandbox", sandbox));

    JsonObject error = out.terminal("outside");
    assertEquals(out.toString(), List.of("TASK_ERROR"), timeline(out, "outside"));
    assertEquals("REASON_TASK_INVALID", field(error, "reason"));
    assertEquals(
        "progress file '../../../outside.txt' (from EXECUTOR_PROGRESS_OUTPUT_FILE) is"
            + " outside the sandbox "
            + sandbox,
        field(error, "message"));
    assertFalse(Files.exists(sandbox.resolve("tasks/outside/ran")));
  }

  // ---------------------------------------------------------------- volume

  @Test
  public void aMillionProgressLinesDoNotHoldTheExecutorAndTheLastOneIsReported() throws Exception {
    JsonObject spec =
        Tasks.shellSpec(
            "awk 'BEGIN { for (i = 1; i <= 1000000; i++)"
                + " printf \"progress: %d line %d\\n\", i % 101, i }'");

    long started = System.nanoTime();
    ScriptOutput out =
        run(LocalRunner.local(taskFile(task("million", spec)), "--sandbox", sandbox()));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.println("ProgressIT: a million progress lines took " + took);

    assertEquals(out.toString(), 0, out.exitStatus());
    assertTrue("ended promptly: " + took, took.compareTo(Duration.ofSeconds(30)) < 0);
    assertEndsWithFinalProgress(out, "million", 0, "100% 'line 1000000'", "TASK_FINISHED");
    assertSequenceIncreases(progress(out, "million"));
    List<String> progress = progressLines(out, "million");
    assertTrue("throttled to about one a second: " + progress, progress.size() < 40);
  }

  @Test
  public void theDrainAfterTheExitIsBoundedByTheKillGracePeriod() throws Exception {
    // The whole GiB appears under the progress file's name just before the exit, so that all of
    // it is left to read after the exit, however fast the executor reads while the task runs.
    JsonObject spec =
        Tasks.shellSpec(
            "yes 'progress: 100 all done' | head -c 1073741824 > flood.tmp && mv flood.tmp flood.log");
    spec.addProperty("kill_grace_period_ms", 200);
    JsonObject progress = new JsonObject();
    progress.addProperty("file", "flood.log");
    spec.add("progress", progress);

    Path sandbox = sandbox();
    long started = System.nanoTime();
    ScriptOutput out =
        run(
            LocalRunner.local(taskFile(task("flood", spec)), "--sandbox", sandbox)
                .timeout(BIG_RUN_LIMIT));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.println("ProgressIT: 1 GiB with a 0.2 s drain bound took " + took);
    deleteTaskFiles(sandbox, "flood");

    assertEquals(out.toString(), 0, out.exitStatus());
    // Reading all of it takes the executor seconds; the bound lets it stop after 0.2 s.
    assertTrue("ended soon after the task: " + took, took.compareTo(Duration.ofSeconds(15)) < 0);
    assertEndsWithFinalProgress(out, "flood", 0, "% '", "TASK_FINISHED");
    assertThat(
        Files.readString(sandbox.resolve("executor.log")),
        containsString("Stopped reading the task's output for progress"));
  }

  @Test
  public void aDrainStoppedByItsBoundReportsAWholeLine() throws Exception {
    // Every line is 'progress: 100 m...m end' (3000 m): a report cut short lacks ' end'. All
    // 510 MB appear under the progress file's name just before the exit, so that all of it is left
    // to read after the exit, however fast the follower reads: the drain must stop at its bound.
    JsonObject spec =
        Tasks.shellSpec(
            "perl -e '$l = \"progress: 100 \" . (\"m\" x 3000)"
                + " . \" end\\n\"; print $l for 1 .. 170000' > cut.tmp && mv cut.tmp cut.log");
    spec.addProperty("kill_grace_period_ms", 100); // far too short to read 510 MB
    JsonObject progressFile = new JsonObject();
    progressFile.addProperty("file", "cut.log");
    spec.add("progress", progressFile);

    Path sandbox = sandbox();
    ScriptOutput out =
        run(
            LocalRunner.local(taskFile(task("cut", spec)), "--sandbox", sandbox)
                .env("EXECUTOR_MAX_BYTES_READ_PER_LINE", "8192")
                .env("EXECUTOR_MAX_MESSAGE_LENGTH", "8192")
                .timeout(BIG_RUN_LIMIT));
    deleteTaskFiles(sandbox, "cut");

    assertThat(
        "the drain ran out of time",
        Files.readString(sandbox.resolve("executor.log")),
        containsString("Stopped reading the task's output for progress"));
    List<JsonObject> progress = progress(out, "cut");
    JsonObject last = progress.get(progress.size() - 1);
    String message = last.get("progress-message").getAsString();
    assertEquals(100, last.get("progress-percent").getAsInt());
    assertTrue(
        "a whole line's message ends in ' end'; the last report's has "
            + message.length()
            + " characters and ends in '"
            + message.substring(Math.max(0, message.length() - 20))
            + "'",
        message.endsWith(" end"));
  }

  @Test
  public void aGibibyteOfOutputAndA100MiBLineFitIn64MiBOfHeap() throws Exception {
    JsonObject gib =
        Tasks.shellSpec(
            "yes 'progress: 50 working' | head -c "
                + 1024 * MIB
                + "; echo; echo 'progress: 99 all written'");
    // A long grace lets the executor read all of it: the point here is memory, not time.
    gib.addProperty("kill_grace_period_ms", 240_000);
    JsonObject longLine =
        Tasks.shellSpec(
            "head -c "
                + 100 * MIB
                + " /dev/zero | tr '\\0' x;"
                + " echo; echo 'progress: 77 after the long line'");
    longLine.addProperty("kill_grace_period_ms", 240_000);

    Path sandbox = sandbox();
    long started = System.nanoTime();
    ScriptOutput out;
    try {
      out =
          run(
              LocalRunner.local(
                      taskFile(task("gib", gib), task("long-line", longLine)), "--sandbox", sandbox)
                  .env("JAVA_OPTS", "-Xmx64m")
                  .timeout(BIG_RUN_LIMIT));
    } finally {
      deleteTaskFiles(sandbox, "gib");
      deleteTaskFiles(sandbox, "long-line");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.println("ProgressIT: 1 GiB of lines and a 100 MiB line with -Xmx64m took " + took);

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEndsWithFinalProgress(out, "gib", 0, "99% 'all written'", "TASK_FINISHED");
    // Sent exactly once, by a regular look or by the drain after the exit code, whichever reads
    // it first: the final report repeats nothing already sent. The terminal update comes last.
    assertEquals(
        out.toString(),
        List.of("progress #1 77% 'after the long line'"),
        progressLines(out, "long-line"));
    List<String> longLineTimeline = withoutDirectory(timeline(out, "long-line"));
    assertTrue(out.toString(), longLineTimeline.contains("exit-code 0"));
    assertEquals(
        out.toString(), "TASK_FINISHED", longLineTimeline.get(longLineTimeline.size() - 1));
    assertThat(out.stderr(), not(containsString("OutOfMemoryError")));
    assertThat(
        Files.readString(sandbox.resolve("executor.log")), not(containsString("OutOfMemoryError")));
  }

  // ---------------------------------------------------------------- helpers

  /** The spec running {@code command} with {@code progress.sample_interval_ms} set. */
  private static JsonObject spec(String command, int sampleIntervalMs) {
    JsonObject spec = Tasks.shellSpec(command);
    JsonObject progress = new JsonObject();
    progress.addProperty("sample_interval_ms", sampleIntervalMs);
    spec.add("progress", progress);
    return spec;
  }

  /** A TASKFILE entry: a TaskInfo in protobuf's JSON mapping with the spec embedded in data. */
  private static JsonObject task(String id, JsonObject spec) {
    JsonObject taskId = new JsonObject();
    taskId.addProperty("value", id);
    JsonObject task = new JsonObject();
    task.add("task_id", taskId);
    task.addProperty("name", id);
    task.add("data", spec);
    return task;
  }

  private Path taskFile(JsonObject... tasks) throws IOException {
    JsonArray array = new JsonArray();
    for (JsonObject t : tasks) {
      array.add(t);
    }
    return LocalRunner.writeFile(tmp.getRoot().toPath(), "tasks.json", array.toString());
  }

  private Path sandbox() throws IOException {
    return tmp.newFolder("sandbox").toPath();
  }

  private static ScriptOutput run(LocalRunner runner) throws Exception {
    return runner.run().assertWellFormed();
  }

  /**
   * What one task's scheduler sees, in order: its status updates by state, and its framework
   * messages ({@code directory DIR}, {@code progress #N P% 'M'}, {@code exit-code N}).
   */
  private static List<String> timeline(ScriptOutput out, String taskId) {
    List<String> seen = new ArrayList<>();
    for (JsonObject e : out.events()) {
      switch (e.get("event").getAsString()) {
        case "status" -> {
          JsonObject s = e.getAsJsonObject("status");
          if (StatusJson.taskId(s).equals(taskId)) {
            seen.add(field(s, "state"));
          }
        }
        case "message" -> {
          JsonObject m = e.getAsJsonObject("message");
          if (m.has("task-id") && m.get("task-id").getAsString().equals(taskId)) {
            seen.add(describe(m));
          }
        }
        default -> {}
      }
    }
    return seen;
  }

  private static String describe(JsonObject m) {
    if (m.has("type") && m.get("type").getAsString().equals("directory")) {
      return "directory " + m.get("sandbox-directory").getAsString();
    }
    if (m.has("exit-code")) {
      return "exit-code " + m.get("exit-code").getAsInt();
    }
    if (m.has("progress-sequence")) {
      return "progress #"
          + m.get("progress-sequence").getAsLong()
          + " "
          + m.get("progress-percent").getAsString()
          + "% '"
          + m.get("progress-message").getAsString()
          + "'";
    }
    return m.toString();
  }

  /**
   * The end of a task's timeline: its exit code, later its last progress message (which ends with
   * {@code finalProgress}), and last of all its terminal update. Other progress messages may sit
   * between the exit code and the last one (see the ignored test on that), so this checks the order
   * of these three only.
   */
  private static void assertEndsWithFinalProgress(
      ScriptOutput out, String taskId, int exitCode, String finalProgress, String terminal) {
    List<String> timeline = withoutDirectory(timeline(out, taskId));
    List<String> progress = progressLines(out, taskId);
    assertFalse("progress was reported\n" + out, progress.isEmpty());
    String last = progress.get(progress.size() - 1);
    assertThat(out.toString(), last, containsString(finalProgress));
    assertEquals(out.toString(), terminal, timeline.get(timeline.size() - 1));
    int exit = timeline.indexOf("exit-code " + exitCode);
    assertTrue("exit code sent\n" + out, exit >= 0);
    assertTrue(
        "the last progress comes after the exit code\n" + out, timeline.lastIndexOf(last) > exit);
  }

  private static List<String> withoutDirectory(List<String> timeline) {
    return timeline.stream().filter(e -> !e.startsWith("directory ")).toList();
  }

  private static List<String> progressLines(ScriptOutput out, String taskId) {
    return timeline(out, taskId).stream().filter(e -> e.startsWith("progress #")).toList();
  }

  /** The progress messages of one task, in order. */
  private static List<JsonObject> progress(ScriptOutput out, String taskId) {
    return out.messages().stream()
        .filter(JsonElement::isJsonObject)
        .map(JsonElement::getAsJsonObject)
        .filter(m -> m.has("progress-sequence") && m.get("task-id").getAsString().equals(taskId))
        .toList();
  }

  /** Cook's wire format: exactly four keys, the percent a whole number from 0 to 100. */
  private static void assertProgressFormat(JsonObject m) {
    assertEquals(
        m.toString(),
        Set.of("task-id", "progress-sequence", "progress-percent", "progress-message"),
        m.keySet());
    assertTrue(m.toString(), m.get("progress-percent").getAsJsonPrimitive().isNumber());
    assertTrue("a whole number: " + m, m.get("progress-percent").getAsString().matches("\\d+"));
    int percent = m.get("progress-percent").getAsInt();
    assertTrue(m.toString(), percent >= 0 && percent <= 100);
    assertTrue(m.toString(), m.get("progress-sequence").getAsString().matches("\\d+"));
    assertTrue(m.toString(), m.get("progress-message").getAsJsonPrimitive().isString());
  }

  private static void assertSequenceIncreases(List<JsonObject> progress) {
    long previous = 0;
    for (JsonObject m : progress) {
      long sequence = m.get("progress-sequence").getAsLong();
      assertTrue("strictly increasing: " + progress, sequence > previous);
      previous = sequence;
    }
  }

  /** Removes a task's big output as soon as the run is over (the folder rule would, later). */
  private static void deleteTaskFiles(Path sandbox, String taskId) throws IOException {
    Path dir = sandbox.resolve("tasks").resolve(taskId);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
