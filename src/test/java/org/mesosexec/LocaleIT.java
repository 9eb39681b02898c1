package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.StatusJson.field;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.HookFiles;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/**
 * Text reaches tasks byte for byte as UTF-8 whatever the agent's locale (DESIGN §10): the real
 * {@code run-executor.sh --local} started, as an agent starts it, without {@code LANG} or any
 * {@code LC_*}.
 */
public class LocaleIT {
  /** Writes the task's locale variables and the script's records, if any reach it, to a file. */
  private static final String DUMP_LOCALE =
      "env | grep -E '^(LANG|LANGUAGE|LC_[A-Z_]+|EXECUTOR_SCRIPT_LOCALE[A-Z_]*)=' | sort > locale.env";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path sandbox;

  private Path taskFile(String... idsAndSpecs) throws IOException {
    JsonArray tasks = new JsonArray();
    for (int i = 0; i < idsAndSpecs.length; i += 2) {
      JsonObject task = new JsonObject();
      JsonObject id = new JsonObject();
      id.addProperty("value", idsAndSpecs[i]);
      task.add("task_id", id);
      task.add("data", JsonParser.parseString(idsAndSpecs[i + 1]));
      tasks.add(task);
    }
    return Files.writeString(
        tmp.getRoot().toPath().resolve("tasks.json"), tasks.toString(), StandardCharsets.UTF_8);
  }

  private static String spec(String command) {
    JsonObject spec = new JsonObject();
    spec.addProperty("command", command);
    return spec.toString();
  }

  private LocalRunner bareLocal(Path taskFile) throws IOException {
    sandbox = tmp.newFolder("sandbox").toPath();
    return LocalRunner.local(taskFile, "--sandbox", sandbox).agentEnvironment();
  }

  private byte[] taskFileBytes(String taskDir, String name) throws IOException {
    return Files.readAllBytes(sandbox.resolve("tasks").resolve(taskDir).resolve(name));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void aCommandsNonAsciiTextReachesTheTasksStdoutAsUtf8() throws Exception {
    ScriptOutput out = bareLocal(taskFile("out", spec("printf 'café ✓'"))).run().assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertArrayEquals(out.toString(), utf8("café ✓"), taskFileBytes("out", "stdout"));
  }

  @Test
  public void anEnvValueReachesTheTaskByteForByte() throws Exception {
    ScriptOutput out =
        bareLocal(
                taskFile(
                    "env",
                    "{\"command\": \"printf %s \\\"$V\\\" > f\", \"env\": {\"V\": \"naïve ✓\"}}"))
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertArrayEquals(out.toString(), utf8("naïve ✓"), taskFileBytes("env", "f"));
  }

  @Test
  public void aTaskIdWithAccentsRunsInADirectoryWithThatUtf8Name() throws Exception {
    ScriptOutput out = bareLocal(taskFile("tâche", spec("echo ran > f"))).run().assertWellFormed();

    assertEquals(out.toString(), "TASK_FINISHED", field(out.terminal("tâche"), "state"));
    // Listed by find(1), so that the bytes of the name are compared whatever this JVM's locale.
    Process find =
        new ProcessBuilder(
                "find",
                sandbox.resolve("tasks").toString(),
                "-mindepth",
                "1",
                "-maxdepth",
                "1",
                "-printf",
                "%f\\n")
            .start();
    byte[] names = find.getInputStream().readAllBytes();
    assertEquals(0, find.waitFor());
    assertArrayEquals(out.toString(), utf8("tâche\n"), names);
  }

  @Test
  public void aProgressLineReachesTheJsonLinesAsItsMessage() throws Exception {
    ScriptOutput out =
        bareLocal(taskFile("progress", spec("echo 'progress: 6 café ✓ ok'")))
            .run()
            .assertWellFormed();

    List<String> messages =
        out.messages().stream()
            .map(JsonElement::getAsJsonObject)
            .filter(m -> m.has("progress-message"))
            .map(m -> m.get("progress-message").getAsString())
            .toList();
    assertEquals(out.toString(), List.of("café ✓ ok"), messages);
  }

  @Test
  public void theTaskGetsNoneOfTheLocaleVariablesTheScriptSetForTheJvm() throws Exception {
    ScriptOutput out =
        bareLocal(taskFile("bare", spec("printf 'é' > f; " + DUMP_LOCALE)))
            .run()
            .assertWellFormed();

    // The é arrived intact, so the JVM did run with the UTF-8 locale the script gave it.
    assertArrayEquals(out.toString(), utf8("é"), taskFileBytes("bare", "f"));
    assertEquals(
        out.toString(),
        "",
        Files.readString(sandbox.resolve("tasks/bare/locale.env"), StandardCharsets.UTF_8));
  }

  @Test
  public void theTaskKeepsTheLcAllAndLangTheOperatorSet() throws Exception {
    // POSIX is not UTF-8: the script replaces LC_ALL for the JVM, the task gets POSIX back.
    ScriptOutput out =
        bareLocal(taskFile("set", spec("printf 'é' > f; " + DUMP_LOCALE)))
            .env("LC_ALL", "POSIX")
            .env("LANG", "C.UTF-8")
            .run()
            .assertWellFormed();

    assertArrayEquals(out.toString(), utf8("é"), taskFileBytes("set", "f"));
    assertEquals(
        out.toString(),
        "LANG=C.UTF-8\nLC_ALL=POSIX\n",
        Files.readString(sandbox.resolve("tasks/set/locale.env"), StandardCharsets.UTF_8));
  }

  @Test
  public void aLangNamingALocaleNotInstalledStillGivesTheJvmUtf8AndTheTaskThatLang()
      throws Exception {
    // glibc then sets no category at all, LC_CTYPE included, even if LC_CTYPE alone were valid.
    ScriptOutput out =
        bareLocal(taskFile("lang", spec("printf 'é' > f; " + DUMP_LOCALE)))
            .env("LANG", "xx_XX.UTF-8")
            .run()
            .assertWellFormed();

    assertArrayEquals(out.toString(), utf8("é"), taskFileBytes("lang", "f"));
    assertEquals(
        out.toString(),
        "LANG=xx_XX.UTF-8\n",
        Files.readString(sandbox.resolve("tasks/lang/locale.env"), StandardCharsets.UTF_8));
  }

  @Test
  public void healthCheckOutputReachesTheStatusMessageAsUtf8() throws Exception {
    String check =
        "{\"command\": \"sleep 60\", \"health_check\": {\"type\": \"COMMAND\","
            + " \"command\": {\"value\": \"echo 'échec ✓'; exit 1\"}, \"delay_seconds\": 0,"
            + " \"interval_seconds\": 0.2, \"timeout_seconds\": 5, \"grace_period_seconds\": 0,"
            + " \"consecutive_failures\": 1}}";

    ScriptOutput out = bareLocal(taskFile("health", check)).run().assertWellFormed();

    JsonObject terminal = out.terminal("health");
    assertEquals(out.toString(), "TASK_KILLED", field(terminal, "state"));
    assertThat(out.toString(), field(terminal, "message"), containsString("échec ✓"));
  }

  @Test
  public void aBeforeStartHooksVariablesAndLogLinesKeepTheirUtf8() throws Exception {
    Path hooks = tmp.newFolder("hooks").toPath();
    HookFiles.script(
        hooks, "before-start", "10-greet", "echo 'hook says héllo ✓' >&2\necho 'GREETING=grüße ✓'");

    ScriptOutput out =
        bareLocal(taskFile("hooked", spec("printf %s \"$GREETING\" > g")))
            .env("EXECUTOR_HOOKS_DIR", hooks.toString())
            .run()
            .assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertArrayEquals(out.toString(), utf8("grüße ✓"), taskFileBytes("hooked", "g"));
    String log = Files.readString(sandbox.resolve("executor.log"), StandardCharsets.UTF_8);
    assertThat(log, containsString("hook says héllo ✓"));
  }

  @Test
  public void anExecutorStartedWithoutTheScriptInAnAsciiLocaleWarnsAndRefusesRatherThanMangles()
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = LocalRunner.projectRoot().resolve("target/mesos-task-executor.jar");
    sandbox = tmp.newFolder("sandbox").toPath();
    Path tasks = taskFile("accent", spec("printf 'café' > f"), "ascii", spec("printf cafe > f"));

    ScriptOutput out =
        LocalRunner.command(java, "-jar", jar, "--local", tasks, "--sandbox", sandbox)
            .agentEnvironment()
            .run()
            .assertWellFormed();

    assertThat(out.stderr(), containsString("file-name encoding is"));
    assertThat(out.stderr(), containsString("not UTF-8"));
    JsonObject refused = out.terminal("accent");
    assertEquals(out.toString(), "TASK_FAILED", field(refused, "state"));
    assertEquals(out.toString(), "REASON_CONTAINER_LAUNCH_FAILED", field(refused, "reason"));
    assertThat(
        field(refused, "message"),
        containsString("Cannot pass argument 2 of the command to the task as UTF-8"));
    assertTrue(out.toString(), Files.notExists(sandbox.resolve("tasks/accent/f")));
    assertEquals(out.toString(), "TASK_FINISHED", field(out.terminal("ascii"), "state"));
    assertArrayEquals(utf8("cafe"), taskFileBytes("ascii", "f"));
  }
}
