package bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.TaskState;

/**
 * Output events (README "Output events"), with the real executor in this JVM. MB is 10^6 bytes.
 *
 * <ul>
 *   <li>{@code cpu}: a task writes 100 MB of JSON log lines ({@code yes | head -n}) at full speed;
 *       the JVM's own CPU time (all its threads: the follower, the event shipper, Log4j's file
 *       appender writing {@code events.json}, GC, JIT) from {@code launchTask} until the task is
 *       finished and every event it sent is in {@code events.json}, with events off, on at the
 *       default limits (most lines are then dropped over the rate limit, which is the cheap path)
 *       and on with rate and buffer at their maximum (every line an event, unless the buffer's
 *       share of the heap is full). Baseline, the floor: the CPU time (user + sys, bash's {@code
 *       times}) of {@code cat} of the same stdout into a file.
 *   <li>{@code tcp}: the same kind of task writes 200,000 JSON lines with events on (rate and
 *       buffer at their maximum) through {@code conf/log4j2-logstash.properties} (Log4j's Socket
 *       appender, JSON lines) to a listener on loopback in this JVM that counts the lines it
 *       receives; events a second from {@code launchTask} to the last event received. Baseline: the
 *       same stdout sent raw over a loopback socket to a second such listener. The JVM must be
 *       started with both configurations in {@code log4j2.configurationFile}; the listener's port
 *       is set here before the first logger.
 * </ul>
 */
public final class EventsBench {
  private static final long MB = 1_000_000L;
  private static final String LINE =
      "{\"level\":\"info\",\"logger\":\"org.example.Main\",\"msg\":\"request served\","
          + "\"status\":200,\"ms\":12}";
  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final Pattern END =
      Pattern.compile("output events at its end: (\\d+) lines read, (\\d+) events sent, (\\d+)");
  private static final String MAX = "1000000";

  private EventsBench() {}

  /** The one {@code executor.log} of this JVM: Log4j opens it once, at the first logger. */
  private static Path log;

  /** Arguments: {@code cpu} or {@code tcp}, and a scratch directory for {@code executor.log}. */
  public static void main(String[] args) throws Exception {
    Path logs = Files.createTempDirectory(Path.of(args[1]), "events-");
    System.setProperty("executor.sandbox", logs.toString());
    log = logs.resolve("executor.log");
    if (args[0].equals("tcp")) {
      tcp();
    } else {
      cpu();
    }
    System.exit(0);
  }

  /** Starts logging, so that {@code executor.log} is {@link #log} whatever comes later. */
  private static void startLogging() {
    org.apache.logging.log4j.LogManager.getLogger(EventsBench.class).info("events benchmark");
  }

  private static void cpu() throws Exception {
    startLogging();
    long lines = 100 * MB / (LINE.length() + 1);
    Run off = run(Map.of(), lines, null);
    Run limited = run(Map.of("EXECUTOR_OUTPUT_EVENTS", "json"), lines, null);
    Run all = run(unlimited(), lines, null);
    double per100 = 100.0 * MB / off.bytes;
    note("events off", off);
    compare("events on, default limits", limited, per100, off);
    compare("events on, every line", all, per100, off);
    compareEach("events on, default limits", limited, off);
    compareEach("events on, every line", all, off);
    Report.row(
        "events CPU per 100 MB: events off",
        cpuText(off.cpu * per100),
        String.format(Locale.ROOT, "%.2f CPU s cat > file", off.catCpu * per100),
        off.cpu / off.catCpu,
        "-",
        null);
  }

  private static void note(String what, Run r) {
    Report.note(
        "events CPU, %s: %,d lines, %,d events written, JVM CPU %.2f s, cat > file %.2f s",
        what, r.lines, r.written, r.cpu, r.catCpu);
  }

  private static void compareEach(String what, Run r, Run off) {
    if (r.written > 0) {
      Report.note(
          "events CPU, %s: %.1f us of JVM CPU per event written, above events off",
          what, (r.cpu - off.cpu) / r.written * 1e6);
    }
  }

  private static void compare(String what, Run r, double per100, Run off) {
    note(what, r);
    Report.row(
        "events CPU per 100 MB: " + what,
        cpuText(r.cpu * per100),
        cpuText(off.cpu * per100) + " events off",
        r.cpu / off.cpu,
        "-",
        null);
    Report.row(
        "events CPU per 100 MB: " + what + " vs cat",
        cpuText(r.cpu * per100),
        String.format(Locale.ROOT, "%.2f CPU s cat > file", r.catCpu * per100),
        r.cpu / r.catCpu,
        "-",
        null);
  }

  private static String cpuText(double seconds) {
    return String.format(Locale.ROOT, "%.2f CPU s", seconds);
  }

  private static Map<String, String> unlimited() {
    return Map.of(
        "EXECUTOR_OUTPUT_EVENTS", "json",
        "EXECUTOR_OUTPUT_EVENTS_RATE", MAX,
        "EXECUTOR_OUTPUT_EVENTS_BUFFER", MAX);
  }

  private static void tcp() throws Exception {
    long lines = 200_000;
    try (Listener events = new Listener();
        Listener raw = new Listener()) {
      System.setProperty("executor.events.host", "127.0.0.1");
      System.setProperty("executor.events.port", Integer.toString(events.port()));
      startLogging();
      long t0 = System.nanoTime();
      Run r = run(unlimited(), lines, events);
      double eventsPerSecond = r.written / ((events.lastAt() - t0) / 1e9);
      long r0 = System.nanoTime();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), raw.port())) {
        Files.copy(r.stdoutCopy, s.getOutputStream());
      }
      raw.await(lines);
      double rawPerSecond = lines / ((raw.lastAt() - r0) / 1e9);
      Files.delete(r.stdoutCopy);
      Report.note(
          "events to loopback TCP: %,d lines, %,d events received, %.2f s; raw copy %.2f s",
          lines, r.written, (events.lastAt() - t0) / 1e9, (raw.lastAt() - r0) / 1e9);
      Report.row(
          "events/s to a loopback TCP listener",
          String.format(Locale.ROOT, "%.0f events/s", eventsPerSecond),
          String.format(Locale.ROOT, "%.0f lines/s raw socket", rawPerSecond),
          eventsPerSecond / rawPerSecond,
          "-",
          null);
    }
  }

  /** What one task run gave. */
  private record Run(
      long lines, long bytes, long written, double cpu, double catCpu, Path stdoutCopy) {}

  /**
   * One task writing {@code lines} lines, with these settings; waits until every event it sent is
   * at its destination ({@code events.json}, or {@code listener} when given).
   */
  private static Run run(Map<String, String> settings, long lines, Listener listener)
      throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    JsonObject spec = new JsonObject();
    spec.addProperty("command", "yes '" + LINE + "' | head -n " + lines);
    spec.addProperty("kill_grace_period_ms", WAIT.toMillis());
    String id = "events-cpu";
    try (InProcessExecutor ex = InProcessExecutor.start("events", settings)) {
      long logged = Files.exists(log) ? Files.size(log) : 0;
      System.gc();
      long cpu0 = os.getProcessCpuTime();
      ex.launch(id, spec.toString());
      ex.driver().awaitArrival(id, TaskState.TASK_FINISHED, WAIT);
      Path taskDir = ex.sandbox().resolve("tasks").resolve(id);
      long expected = settings.isEmpty() ? 0 : shipped(logged);
      long written = 0;
      if (listener != null) {
        listener.await(expected);
        written = listener.received();
      } else if (expected > 0) {
        written = awaitLines(taskDir.resolve("events.json"), expected);
      }
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      Path stdout = taskDir.resolve("stdout");
      long bytes = Files.size(stdout);
      Path copy = Files.createTempFile("events-bench", ".out");
      double[] cat = ProgressBench.childCpu("cat \"$2\" >\"$1\"", copy.toString(), stdout);
      if (listener == null) {
        Files.delete(copy);
      }
      return new Run(lines, bytes, written, cpu, cat[0] + cat[1], copy);
    }
  }

  /** Events the task's end count says will reach the destination: read less dropped. */
  private static long shipped(long from) throws Exception {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      String text = Files.readString(log);
      Matcher m = END.matcher(text.substring((int) Math.min(from, text.length())));
      if (m.find()) {
        return Long.parseLong(m.group(1)) - Long.parseLong(m.group(3));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no end count in " + log);
  }

  /** Waits (counting with {@code wc -l}, another process) until {@code file} has that many. */
  private static long awaitLines(Path file, long expected) throws Exception {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      if (Files.exists(file)) {
        Process p = new ProcessBuilder("wc", "-l", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        long n = Long.parseLong(out.trim().split("\\s+")[0]);
        if (n >= expected) {
          return n;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(file + " never had " + expected + " lines");
  }

  /** A loopback TCP listener that counts the lines of one connection at a time. */
  private static final class Listener implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong lastAt = new AtomicLong();
    private final Thread thread = new Thread(this::accept, "bench-listener");

    Listener() throws IOException {
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    long received() {
      return lines.get();
    }

    long lastAt() {
      return lastAt.get();
    }

    void await(long n) throws InterruptedException {
      long until = System.nanoTime() + WAIT.toNanos();
      while (lines.get() < n) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException("received " + lines.get() + " of " + n);
        }
        Thread.sleep(20);
      }
    }

    private void accept() {
      byte[] buf = new byte[1 << 16];
      try {
        while (true) {
          try (Socket s = server.accept();
              InputStream in = s.getInputStream()) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
              long count = 0;
              for (int i = 0; i < n; i++) {
                count += buf[i] == '\n' ? 1 : 0;
              }
              if (count > 0) {
                lines.addAndGet(count);
                lastAt.set(System.nanoTime());
              }
            }
          }
        }
      } catch (IOException closed) {
        // the server socket closed: done
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
