package org.mesosexec.testing;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A started child process whose stdout lines and stderr are collected by two reader threads.
 * Closing it (or a timeout in {@link #await()}) destroys the whole process tree, task processes
 * included, so that a failing test leaves nothing running.
 */
public final class RunningScript implements AutoCloseable {
  private final Process process;
  private final String description;
  private final Duration timeout;
  private final List<String> stdoutLines = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  RunningScript(Process process, String description, Duration timeout) throws IOException {
    this.process = process;
    this.description = description;
    this.timeout = timeout;
    process.getOutputStream().close();
    stdoutReader = reader("stdout", process.getInputStream(), this::addLine);
    stderrReader = reader("stderr", process.getErrorStream(), this::addStderr);
  }

  /** The child's pid: the JVM's once the script has exec'd it. */
  public long pid() {
    return process.pid();
  }

  /**
   * Waits until a stdout line that parses as a JSON object matches, and returns it.
   *
   * @throws AssertionError if none comes within {@code limit} or the child ends first
   */
  public JsonObject awaitEvent(Predicate<JsonObject> match, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int seen = 0;
    synchronized (this) {
      while (true) {
        for (; seen < stdoutLines.size(); seen++) {
          Optional<JsonObject> event = StatusJson.tryParse(stdoutLines.get(seen));
          if (event.isPresent() && match.test(event.get())) {
            return event.get();
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !stdoutReader.isAlive())) {
          throw new AssertionError(
              "no matching event from "
                  + description
                  + " within "
                  + limit
                  + "; stdout so far:\n"
                  + String.join("\n", stdoutLines)
                  + "\nstderr:\n"
                  + stderr);
        }
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 100_000_000L))));
      }
    }
  }

  /** Sends a signal ({@code TERM}, {@code INT}, ...) to the child with kill(1). */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-s", name, Long.toString(pid()))
            .redirectErrorStream(true)
            .start();
    String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -s " + name + " " + pid() + " failed: " + out);
    }
  }

  /** Whether the child ignores SIGINT (from /proc; false where /proc is not readable). */
  public boolean ignoresSigint() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("SigIgn:")) {
          long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
          return (mask & (1L << (2 - 1))) != 0; // bit N-1 stands for signal N; SIGINT is 2
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      return false;
    }
    return false;
  }

  /**
   * Waits for the child to end and for its output to be read; on timeout destroys the process tree
   * and fails.
   */
  public ScriptOutput await() throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      destroyTree();
      throw new AssertionError(
          description
              + " did not end within "
              + timeout
              + "; stdout so far:\n"
              + snapshotStdout()
              + "\nstderr:\n"
              + snapshotStderr());
    }
    stdoutReader.join(TimeUnit.SECONDS.toMillis(10));
    stderrReader.join(TimeUnit.SECONDS.toMillis(10));
    return new ScriptOutput(description, snapshotStdout(), snapshotStderr(), process.exitValue());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      destroyTree();
    }
  }

  private void destroyTree() {
    // Collect the descendants first: once the parent dies they are re-parented and out of reach.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized List<String> snapshotStdout() {
    return List.copyOf(stdoutLines);
  }

  private synchronized String snapshotStderr() {
    return stderr.toString();
  }

  private synchronized void addLine(String line) {
    stdoutLines.add(line);
    notifyAll();
  }

  private synchronized void addStderr(String line) {
    stderr.append(line).append('\n');
  }

  private Thread reader(String name, InputStream in, Consumer<String> sink) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  sink.accept(line);
                }
              } catch (IOException closed) {
                // The stream ends when the child does; nothing more to read.
              }
              synchronized (this) {
                notifyAll();
              }
            },
            "it-" + name + "-" + process.pid());
    t.setDaemon(true);
    t.start();
    return t;
  }
}
