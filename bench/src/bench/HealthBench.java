package bench;

import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mesos.Protos.TaskState;

/**
 * Health checks at scale: {@value #TASKS} tasks, each with an HTTP, a TCP or a command health check
 * every {@value #INTERVAL_MS} ms, against real peers on loopback in this JVM. Figures: the
 * executor's threads against the same tasks without checks (one timer drives every check: no thread
 * per check), the checks achieved per task per second against the interval, and the JVM's CPU per
 * 1,000 attempts against the same requests, connections or spawns made by a bare loop in the same
 * run.
 */
public final class HealthBench {
  private static final int TASKS = 50;
  private static final int INTERVAL_MS = 100;
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private static final AtomicLong HTTP_HITS = new AtomicLong();
  private static final AtomicLong TCP_ACCEPTS = new AtomicLong();

  private HealthBench() {}

  public static void main(String[] args) throws Exception {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    http.createContext(
        "/health",
        exchange -> {
          HTTP_HITS.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    http.start();
    ServerSocket tcp = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!tcp.isClosed()) {
                try (Socket s = tcp.accept()) {
                  TCP_ACCEPTS.incrementAndGet();
                  s.shutdownOutput();
                } catch (java.io.IOException closed) {
                  return;
                }
              }
            },
            "bench-tcp-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    try {
      int plain = threadsWithoutChecks();
      String httpCheck =
          "{\"type\":\"HTTP\",\"http\":{\"port\":"
              + http.getAddress().getPort()
              + ",\"path\":\"/health\"}";
      Phase h = phase("http", httpCheck, HTTP_HITS);
      Phase t =
          phase(
              "tcp",
              "{\"type\":\"TCP\",\"tcp\":{\"port\":" + tcp.getLocalPort() + "}",
              TCP_ACCEPTS);
      Phase c =
          phase(
              "command", "{\"type\":\"COMMAND\",\"command\":{\"value\":\"echo >> .checks\"}", null);

      for (Phase p : List.of(h, t, c)) {
        // A command check's process has a JDK reaper thread while it runs, as a task's has.
        boolean threadless = !p.equals(c);
        Report.row(
            "threads, "
                + TASKS
                + " tasks with "
                + p.kind
                + " health checks every "
                + INTERVAL_MS
                + " ms",
            String.valueOf(p.threads),
            plain + " without checks",
            String.format(java.util.Locale.ROOT, "+%d", p.threads - plain),
            threadless ? "no thread per check: <= +2" : "-",
            threadless ? p.threads - plain <= 2 : null);
        double rate = p.attempts / (double) TASKS / (WINDOW.toMillis() / 1000.0);
        Report.row(
            p.kind + " checks per task per second",
            String.format(java.util.Locale.ROOT, "%.2f", rate),
            String.format(java.util.Locale.ROOT, "%.2f (1 per interval)", 1000.0 / INTERVAL_MS),
            rate / (1000.0 / INTERVAL_MS),
            "-",
            null);
      }
      double bareHttp = bareHttpCpuPer1000(http.getAddress().getPort(), (int) h.attempts);
      Report.row(
          "JVM CPU per 1,000 HTTP check attempts",
          ms(h.cpuPer1000()),
          ms(bareHttp) + " bare HttpClient GETs",
          h.cpuPer1000() / bareHttp,
          "-",
          null);
      double bareTcp = bareTcpCpuPer1000(tcp.getLocalPort(), (int) t.attempts);
      Report.row(
          "JVM CPU per 1,000 TCP check attempts",
          ms(t.cpuPer1000()),
          ms(bareTcp) + " bare Socket connects",
          t.cpuPer1000() / bareTcp,
          "-",
          null);
      double bareSpawn = bareSpawnCpuPer1000(Math.min(500, (int) c.attempts));
      Report.row(
          "JVM CPU per 1,000 command check attempts",
          ms(c.cpuPer1000()),
          ms(bareSpawn) + " bare ProcessBuilder spawns",
          c.cpuPer1000() / bareSpawn,
          "-",
          null);
    } finally {
      http.stop(0);
      tcp.close();
    }
  }

  private record Phase(String kind, int threads, long attempts, long cpuNanos) {
    double cpuPer1000() {
      return attempts == 0 ? Double.NaN : cpuNanos / 1e6 / attempts * 1000;
    }
  }

  /** Runs {@value #TASKS} tasks with {@code check} (its JSON without the timing) for the window. */
  private static Phase phase(String kind, String check, AtomicLong counter) throws Exception {
    String spec =
        "{\"command\":\"sleep 300\",\"health_check\":"
            + check
            + ",\"delay_seconds\":0,\"interval_seconds\":"
            + INTERVAL_MS / 1000.0
            + ",\"grace_period_seconds\":0,\"timeout_seconds\":5}}";
    try (InProcessExecutor ex = InProcessExecutor.start("health-" + kind)) {
      List<String> ids = launch(ex, kind, spec);
      ex.driver().awaitAllArrivals(ids, TaskState.TASK_RUNNING, LIMIT);
      Thread.sleep(1000); // the checks are running at their pace
      long before = counter != null ? counter.get() : countLines(ex, ids);
      long cpu0 = cpu();
      Thread.sleep(WINDOW.toMillis());
      long cpu = cpu() - cpu0;
      long attempts = (counter != null ? counter.get() : countLines(ex, ids)) - before;
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      Report.note("%s: %d attempts in %s, %d threads", kind, attempts, WINDOW, threads);
      ex.shutdown();
      ex.driver().awaitAllTerminal(ids, LIMIT);
      return new Phase(kind, threads, attempts, cpu);
    }
  }

  private static int threadsWithoutChecks() throws Exception {
    try (InProcessExecutor ex = InProcessExecutor.start("health-none")) {
      List<String> ids = launch(ex, "none", "{\"command\":\"sleep 300\"}");
      ex.driver().awaitAllArrivals(ids, TaskState.TASK_RUNNING, LIMIT);
      Thread.sleep(1000);
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      ex.shutdown();
      ex.driver().awaitAllTerminal(ids, LIMIT);
      return threads;
    }
  }

  private static List<String> launch(InProcessExecutor ex, String kind, String spec) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      String id = kind + "-" + i;
      ids.add(id);
      ex.launch(id, spec);
    }
    return ids;
  }

  /** Command checks append a line to {@code .checks} in the task's directory. */
  private static long countLines(InProcessExecutor ex, List<String> ids) throws Exception {
    long n = 0;
    for (String id : ids) {
      java.nio.file.Path f = ex.sandbox().resolve("tasks").resolve(id).resolve(".checks");
      if (java.nio.file.Files.exists(f)) {
        n += java.nio.file.Files.readAllLines(f).size();
      }
    }
    return n;
  }

  private static double bareHttpCpuPer1000(int port, int n) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // Connection: close, as the checks send it (OsProber allows the header).
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .header("Connection", "close")
            .build();
    long cpu0 = cpu();
    for (int i = 0; i < n; i++) {
      client.send(request, HttpResponse.BodyHandlers.discarding());
    }
    return (cpu() - cpu0) / 1e6 / n * 1000;
  }

  private static double bareTcpCpuPer1000(int port, int n) throws Exception {
    long cpu0 = cpu();
    for (int i = 0; i < n; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getPort();
      }
    }
    return (cpu() - cpu0) / 1e6 / n * 1000;
  }

  private static double bareSpawnCpuPer1000(int n) throws Exception {
    long cpu0 = cpu();
    for (int i = 0; i < n; i++) {
      new ProcessBuilder("/bin/sh", "-c", "echo >> /dev/null").start().waitFor();
    }
    return (cpu() - cpu0) / 1e6 / n * 1000;
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String ms(double v) {
    return String.format(java.util.Locale.ROOT, "%.0f ms", v);
  }
}
