package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.LocalRunner.example;
import static org.mesosexec.testing.StatusJson.field;
import static org.mesosexec.testing.StatusJson.taskId;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.JvmExamples;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.RunningScript;
import org.mesosexec.testing.ScriptOutput;

/**
 * The JVM task examples run as the README shows: {@code run-executor.sh --local
 * conf/examples/jvm-*.json --fetch target/mesos-task-executor-examples.jar}, the examples' jar
 * fetched into the sandbox as a framework's jar would be on a cluster.
 */
public class JvmExamplesIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static Path examplesJar() {
    return LocalRunner.projectRoot().resolve("target").resolve(JvmExamples.JAR);
  }

  private LocalRunner local(Path taskFile, Object... options) throws IOException {
    List<Object> args = new ArrayList<>(List.of(taskFile, "--fetch", examplesJar()));
    args.addAll(List.of("--sandbox", tmp.newFolder("sandbox")));
    args.addAll(List.of(options));
    return LocalRunner.local(args.toArray());
  }

  @Test
  public void theJvmSpecTaskFinishesWithItsResultAsJson() throws Exception {
    ScriptOutput out = local(example("jvm-task.json")).run().assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals(
        List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"), out.states("word-count"));
    JsonObject finished = out.terminal("word-count");
    assertEquals(JsonParser.parseString(JvmExamples.WORD_COUNT_JSON), data(finished));
    assertTrue(
        "fetched into the sandbox's root",
        Files.isRegularFile(out.sandbox().resolve(JvmExamples.JAR)));
  }

  @Test
  public void theClosureFinishesWithItsResultJavaSerialized() throws Exception {
    ScriptOutput out =
        local(example("jvm-closure.json"))
            .env("EXECUTOR_JVM_SERIAL_FILTER", "org.mesosexec.examples.*")
            .env("EXECUTOR_JVM_CLASSPATH", JvmExamples.JAR)
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    JsonObject finished = out.terminal("closure");
    assertEquals(out.toString(), "TASK_FINISHED", field(finished, "state"));
    byte[] result = Base64.getDecoder().decode(field(finished, "data"));
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(result))) {
      in.setObjectInputFilter(
          ObjectInputFilter.Config.createFilter("java.lang.Integer;java.lang.Number;!*"));
      assertEquals(JvmExamples.CLOSURE_RESULT, in.readObject());
    }
  }

  @Test
  public void theClosureIsRefusedWithoutAnAllowList() throws Exception {
    ScriptOutput out =
        local(example("jvm-closure.json"))
            .env("EXECUTOR_JVM_CLASSPATH", JvmExamples.JAR)
            .run()
            .assertWellFormed();

    JsonObject error = out.terminal("closure");
    assertEquals(out.toString(), "TASK_ERROR", field(error, "state"));
    assertEquals("REASON_TASK_INVALID", field(error, "reason"));
    assertThat(field(error, "message"), containsString("EXECUTOR_JVM_SERIAL_FILTER"));
    assertEquals(out.toString(), 1, out.exitStatus());
  }

  @Test
  public void theProcessIsolatedTaskIsKilledMidRunAndLeavesNoJvmBehind() throws Exception {
    ScriptOutput out =
        local(example("jvm-process.json"), "--kill", "stubborn@4").run().assertWellFormed();

    List<String> states = out.states("stubborn");
    assertEquals(out.toString(), "TASK_RUNNING", states.get(states.size() - 2));
    assertEquals(out.toString(), "TASK_KILLED", field(out.terminal("stubborn"), "state"));
    assertEquals("the task's JVM ended by SIGTERM: 128+15\n" + out, 143, out.exitStatus());
    assertEquals("no process of the run is left", List.of(), processesMentioning(out.sandbox()));
    for (long pid : out.taskPids()) {
      assertFalse("task JVM " + pid + " is gone", ProcScan.alive(pid));
    }
  }

  @Test
  public void aMainClassPrintsToItsOwnStdoutAndFinishes() throws Exception {
    Path taskFile =
        jvmTaskFile("greet", "org.mesosexec.examples.Greeter", "[\"Mesos\", \"world\"]");

    ScriptOutput out = local(taskFile).run().assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("greet"), "state"));
    assertEquals(
        "Hello, Mesos!\nHello, world!\n",
        Files.readString(out.sandbox().resolve("tasks/greet/stdout")));
  }

  @Test
  public void aSlowTaskReportsProgressAndStopsWhenInterrupted() throws Exception {
    Path taskFile = jvmTaskFile("slow", "org.mesosexec.examples.SlowCount", "[\"100\", \"100\"]");

    ScriptOutput out;
    try (RunningScript run = local(taskFile).start()) {
      run.awaitEvent(JvmExamplesIT::isProgress, LocalRunner.DEFAULT_TIMEOUT);
      run.signal("TERM"); // a graceful shutdown kills the task: an interrupt
      out = run.await().assertWellFormed();
    }

    assertEquals(out.toString(), "TASK_KILLED", field(out.terminal("slow"), "state"));
    JsonObject first =
        out.messages().stream()
            .filter(m -> m.isJsonObject() && m.getAsJsonObject().has("progress-percent"))
            .map(m -> m.getAsJsonObject())
            .findFirst()
            .orElseThrow();
    assertEquals("slow", first.get("task-id").getAsString());
    assertThat(first.get("progress-message").getAsString(), containsString(" of 100"));
    assertFalse(
        "killed before its last step: " + out,
        out.messages().toString().contains("\"progress-message\":\"step 100 of 100\""));
  }

  private static boolean isProgress(JsonObject event) {
    return event.get("event").getAsString().equals("message")
        && event.get("message").isJsonObject()
        && event.getAsJsonObject("message").has("progress-percent");
  }

  private Path jvmTaskFile(String id, String className, String args) throws IOException {
    return LocalRunner.writeFile(
        tmp.getRoot().toPath(),
        id + ".json",
        "{\"task_id\": {\"value\": \""
            + id
            + "\"}, \"data\": {\"jvm\": {\"class\": \""
            + className
            + "\", \"classpath\": [\""
            + JvmExamples.JAR
            + "\"], \"args\": "
            + args
            + "}}}");
  }

  /** The terminal update's data, base64 in protobuf's JSON, as JSON. */
  private static com.google.gson.JsonElement data(JsonObject status) {
    assertTrue("no data: " + status + " of " + taskId(status), status.has("data"));
    return JsonParser.parseString(
        new String(Base64.getDecoder().decode(field(status, "data")), StandardCharsets.UTF_8));
  }

  /** Processes whose command line names {@code dir} (the child JVM's does: its request file). */
  private static List<Long> processesMentioning(Path dir) throws IOException {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        try {
          String cmdline =
              new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmdline.contains(dir.toString())) {
            found.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException gone) {
          // exited while we looked
        }
      }
    }
    return found;
  }
}
