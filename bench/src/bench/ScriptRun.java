package bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code run-executor.sh --local TASKFILE --sandbox DIR} child whose JSON lines are read as
 * they arrive. A watchdog kills it (SIGKILL) if it outlives {@code limit}, so a hung run cannot
 * hang the benchmark.
 */
final class ScriptRun implements AutoCloseable {
  /** The fields of a {@code status} line that the benchmarks look at. */
  record StatusLine(String taskId, String state, String message) {}

  private final Process process;
  private final long startNanos;
  private final BufferedReader stdout;

  private ScriptRun(Process process, long startNanos) {
    this.process = process;
    this.startNanos = startNanos;
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code run-executor.sh} of {@code home}; its stderr (warnings, build chatter) is
   * dropped.
   */
  static ScriptRun start(Path home, Path taskFile, Path sandbox, Duration limit)
      throws IOException {
    return start(home, Map.of(), taskFile, sandbox, limit);
  }

  /** As above, with {@code env} laid over the benchmark's environment. */
  static ScriptRun start(
      Path home, Map<String, String> env, Path taskFile, Path sandbox, Duration limit)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                home.resolve("run-executor.sh").toString(),
                "--local",
                taskFile.toString(),
                "--sandbox",
                sandbox.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS)
        .execute(p::destroyForcibly);
    return new ScriptRun(p, t0);
  }

  /** {@link System#nanoTime()} just before the process was started. */
  long startNanos() {
    return startNanos;
  }

  /** The pid of the script, which is the JVM's: the script {@code exec}s java. */
  long pid() {
    return process.pid();
  }

  /** The next line, or empty at the end of the output. */
  Optional<String> nextLine() throws IOException {
    return Optional.ofNullable(stdout.readLine());
  }

  /** The status in a {@code status} line; empty for every other line. */
  static Optional<StatusLine> status(String line) {
    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
    if (!"status".equals(o.get("event").getAsString())) {
      return Optional.empty();
    }
    JsonObject s = o.getAsJsonObject("status");
    String message = s.has("message") ? s.get("message").getAsString() : "";
    return Optional.of(
        new StatusLine(
            s.getAsJsonObject("task_id").get("value").getAsString(),
            s.get("state").getAsString(),
            message));
  }

  /**
   * Sends SIGTERM, as an operator would. Through the handle: {@link Process#destroy()} would also
   * close the pipes, and the updates printed during the shutdown would be lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Reads the rest of the output and waits for the exit; returns the exit status. */
  int finish(Duration limit) throws IOException, InterruptedException {
    while (stdout.readLine() != null) {
      // drained: the script must not block on a full pipe
    }
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("run-executor.sh did not exit within " + limit);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    stdout.close();
  }
}
