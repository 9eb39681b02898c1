package org.mesosexec;

import static org.apache.mesos.Protos.TaskState.TASK_ERROR;
import static org.apache.mesos.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.Protos.TaskState.TASK_STARTING;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.ExecutorHarness.WAIT;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.Protos.TaskStatus.Reason;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.mesosexec.task.Statuses;
import org.mesosexec.testing.ExecutorHarness;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.ProcScan.Leftovers;
import org.mesosexec.testing.Tasks;

/**
 * Health checks and checks as a scheduler sees them, with the real prober: HTTP against a JDK
 * {@link HttpServer} on loopback, TCP against real listening sockets, commands as real processes in
 * the task's directory and environment. Intervals are fractions of a second; every wait is for a
 * condition (an update, a request count, a process gone), bounded by {@link ExecutorHarness#WAIT}.
 */
public class HealthCheckIT {
  private static final long JVM = ProcessHandle.current().pid();
  private static final InetAddress LOOPBACK = loopback();

  /** A task that runs until it is killed, and goes at once on SIGTERM. */
  private static final String RUN = "exec sleep 300";

  @Rule public final ExecutorHarness executor = new ExecutorHarness();

  private final Deque<AutoCloseable> cleanups = new ArrayDeque<>();

  @After
  public void cleanUp() throws Exception {
    while (!cleanups.isEmpty()) {
      cleanups.pop().close();
    }
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  @Test
  public void httpHealthGoesHealthyUnhealthyHealthyWhileTheTaskKeepsRunning() throws Exception {
    AtomicInteger code = new AtomicInteger(200);
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = httpServer(Map.of("/health", answering(code::get, hits)));
    int port = server.getAddress().getPort();
    String url = "http://127.0.0.1:" + port + "/health";
    executor.launch(
        withHealthCheck("flip", RUN, http(port, "/health", health("HTTP", 0.1, 2, 0, 1000))));

    TaskStatus first = awaitHealth("flip", l -> l.size() >= 1, "a first health update").get(0);
    assertTrue(first.toString(), first.getHealthy());
    assertEquals("Health check passed: HTTP GET " + url + " returned 200", first.getMessage());

    code.set(503);
    awaitHealth("flip", l -> l.stream().anyMatch(s -> !s.getHealthy()), "an unhealthy update");
    code.set(200);
    awaitHealth("flip", l -> l.size() >= 3 && l.get(l.size() - 1).getHealthy(), "healthy again");
    int seen = hits.get();
    awaitCondition(() -> hits.get() >= seen + 3, "three more requests");

    List<TaskStatus> health = healthUpdates(executor.driver().updates("flip"));
    assertTrue(health.toString(), health.get(0).getHealthy());
    assertTrue(health.toString(), health.get(health.size() - 1).getHealthy());
    List<TaskStatus> failures = health.subList(1, health.size() - 1);
    assertFalse("no unhealthy update in " + health, failures.isEmpty());
    for (int i = 0; i < failures.size(); i++) {
      TaskStatus s = failures.get(i);
      assertTrue(s.hasHealthy());
      assertFalse(s.toString(), s.getHealthy());
      String times = i == 0 ? "once" : (i + 1) + " times in a row";
      assertEquals(
          "Health check failed " + times + ": HTTP GET " + url + " returned 503", s.getMessage());
    }
    assertEquals(
        "a success is reported only after failures: " + health,
        "Health check passed: HTTP GET " + url + " returned 200",
        health.get(health.size() - 1).getMessage());
    for (TaskStatus s : health) {
      assertEquals(TASK_RUNNING, s.getState());
      assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, s.getReason());
      assertTrue(s.hasHealthy());
    }
    assertNoTerminal("flip");

    executor.kill("flip");
    TaskStatus terminal = executor.awaitTerminal("flip");
    assertEquals(TASK_KILLED, terminal.getState());
    assertThat(terminal.getMessage(), containsString("killTask"));
    assertThat(terminal.getMessage(), not(containsString("health")));
    assertFalse(
        "not killed by its health check: " + terminal,
        terminal.hasHealthy() && !terminal.getHealthy());
  }

  @Test
  public void httpServerAnswering500KillsTheTaskAfterConsecutiveFailures() throws Exception {
    executor.taskKillingState(true);
    // Every answer is 500; the first one waits until the test has seen the task's processes.
    CountDownLatch ready = new CountDownLatch(1);
    cleanups.push(ready::countDown);
    AtomicInteger hits = new AtomicInteger();
    HttpServer server =
        httpServer(
            Map.of(
                "/health",
                exchange -> {
                  try {
                    ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  answering(() -> 500, hits).handle(exchange);
                }));
    int port = server.getAddress().getPort();
    String url = "http://127.0.0.1:" + port + "/health";
    executor.launch(
        withHealthCheck(
            "bad",
            "sleep 300 & echo $! >> pids; echo $$ >> pids; wait",
            http(port, "/health", health("HTTP", 0.1, 10, 0, 2))));

    long leader = executor.awaitPid("bad");
    String marker = ProcScan.awaitMarker(leader, WAIT);
    long leaderStart = ProcScan.stat(leader).orElseThrow().startTime();
    Path dir = executor.taskDir("bad");
    Set<Long> pids = new HashSet<>();
    pids.add(leader);
    cleanups.push(() -> ProcScan.killMarked(marker, pids, Duration.ofSeconds(10)));
    ProcScan.awaitMarked(
        marker,
        m -> m.size() == 2 && ProcScan.reportedPids(dir).size() == 2,
        "the shell and its sleep",
        WAIT);
    pids.addAll(ProcScan.reportedPids(dir));
    AtomicReference<Object> atTerminal = new AtomicReference<>();
    executor
        .driver()
        .onUpdate(
            s -> {
              if (s.getTaskId().getValue().equals("bad") && Statuses.isTerminal(s.getState())) {
                try {
                  atTerminal.set(ProcScan.leftovers(marker, pids, JVM, leaderStart));
                } catch (Throwable t) {
                  atTerminal.set(t);
                }
              }
            });
    ready.countDown();

    TaskStatus terminal = executor.awaitTerminal("bad");

    List<TaskStatus> updates = executor.driver().updates("bad");
    List<TaskStatus> health = healthUpdates(updates);
    assertEquals(health.toString(), 2, health.size());
    assertEquals(
        "Health check failed once: HTTP GET " + url + " returned 500", health.get(0).getMessage());
    assertEquals(
        "Health check failed 2 times in a row: HTTP GET "
            + url
            + " returned 500; the task is killed",
        health.get(1).getMessage());
    for (TaskStatus s : health) {
      assertEquals(TASK_RUNNING, s.getState());
      assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, s.getReason());
      assertTrue(s.hasHealthy());
      assertFalse(s.getHealthy());
    }
    assertEquals(
        List.of(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING, TASK_KILLING, TASK_KILLED),
        executor.driver().states("bad"));
    TaskStatus killing = updates.get(4);
    assertTrue(
        "TASK_KILLING marked unhealthy: " + killing, killing.hasHealthy() && !killing.getHealthy());
    assertEquals(TASK_KILLED, terminal.getState());
    assertTrue(
        "TASK_KILLED marked unhealthy: " + terminal,
        terminal.hasHealthy() && !terminal.getHealthy());
    assertThat(terminal.getMessage(), containsString("Task killed by failing health checks"));
    assertThat(terminal.getMessage(), containsString("2 in a row"));
    assertThat(terminal.getMessage(), containsString("returned 500"));
    assertEquals(2, hits.get());

    Object look = atTerminal.get();
    if (look instanceof Throwable t) {
      throw new AssertionError("looking for processes at the terminal update failed", t);
    }
    assertNotNull("no look taken at the terminal update", look);
    ProcScan.assertNothingLeft("when TASK_KILLED was sent", (Leftovers) look);
    ProcScan.assertNothingLeft(
        "when the test saw TASK_KILLED", ProcScan.leftovers(marker, pids, JVM, leaderStart));
  }

  @Test
  public void redirectIsFollowedAndCountsByWhereItLeads() throws Exception {
    AtomicInteger okHits = new AtomicInteger();
    AtomicInteger badHits = new AtomicInteger();
    HttpServer server =
        httpServer(
            Map.of(
                "/to-ok", redirectTo("/ok"),
                "/ok", answering(() -> 200, okHits),
                "/to-bad", redirectTo("/bad"),
                "/bad", answering(() -> 503, badHits)));
    int port = server.getAddress().getPort();
    executor.launch(
        withHealthCheck("redirect-ok", RUN, http(port, "/to-ok", health("HTTP", 0.1, 2, 0, 1000))));
    executor.launch(
        withHealthCheck(
            "redirect-bad", RUN, http(port, "/to-bad", health("HTTP", 0.1, 2, 0, 1000))));

    TaskStatus ok = awaitHealth("redirect-ok", l -> !l.isEmpty(), "a health update").get(0);
    TaskStatus bad = awaitHealth("redirect-bad", l -> !l.isEmpty(), "a health update").get(0);

    assertTrue("302 to a 200 is healthy: " + ok, ok.getHealthy());
    assertEquals(
        "Health check passed: HTTP GET http://127.0.0.1:" + port + "/to-ok returned 200",
        ok.getMessage());
    assertFalse("302 to a 503 is unhealthy: " + bad, bad.getHealthy());
    assertEquals(
        "Health check failed once: HTTP GET http://127.0.0.1:" + port + "/to-bad returned 503",
        bad.getMessage());
    assertTrue(okHits.get() >= 1);
    assertTrue(badHits.get() >= 1);
    killAndAwait("redirect-ok");
    killAndAwait("redirect-bad");
  }

  @Test
  public void httpsWithASelfSignedCertificateForAnotherNameIsHealthy() throws Exception {
    // As curl -k for Mesos: the task's certificate is neither trusted nor made for 127.0.0.1.
    Path keystore = Files.createTempFile("health-it-", ".p12");
    Files.delete(keystore);
    cleanups.push(() -> Files.deleteIfExists(keystore));
    char[] password = "changeit".toCharArray();
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process gen =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "task",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=service.example.com",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals("keytool: " + out, 0, gen.waitFor());
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, password);
    }
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    com.sun.net.httpserver.HttpsServer server =
        com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
    server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
    AtomicInteger hits = new AtomicInteger();
    server.createContext("/health", answering(() -> 200, hits));
    server.start();
    cleanups.push(() -> server.stop(0));
    int port = server.getAddress().getPort();
    JsonObject check = http(port, "/health", health("HTTP", 0.1, 5, 0, 1000));
    check.getAsJsonObject("http").addProperty("scheme", "https");
    executor.launch(withHealthCheck("tls", RUN, check));

    TaskStatus first = awaitHealth("tls", l -> !l.isEmpty(), "a health update").get(0);
    assertTrue(first.toString(), first.getHealthy());
    assertEquals(
        "Health check passed: HTTP GET https://127.0.0.1:" + port + "/health returned 200",
        first.getMessage());
    assertTrue(hits.get() >= 1);
    killAndAwait("tls");
  }

  // ---- TCP -------------------------------------------------------------------------------------

  @Test
  public void tcpPortThatOpensWithinTheGracePeriodIsFirstReportedHealthy() throws Exception {
    int port = freePort();
    // One reported failure would kill the task: the refusals before the port opens must be
    // ignored, as they come within the grace period and before any success.
    executor.launch(withHealthCheck("late", RUN, tcp(port, health("TCP", 0.1, 1, 5, 1))));
    executor.awaitPid("late");

    // The port opens late, on purpose: three attempts are refused first, and handled.
    executor.awaitCheckAttempts(4);
    assertEquals(List.of(), healthUpdates(executor.driver().updates("late")));
    Listener listener = listen(port);

    List<TaskStatus> health = awaitHealth("late", l -> !l.isEmpty(), "a health update");
    TaskStatus first = health.get(0);
    assertTrue(first.toString(), first.getHealthy());
    assertEquals(TASK_RUNNING, first.getState());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, first.getReason());
    assertEquals(
        "Health check passed: TCP connection to 127.0.0.1:" + port + " succeeded",
        first.getMessage());
    int seen = listener.accepted.get();
    awaitCondition(() -> listener.accepted.get() >= seen + 3, "three more connections");
    health = healthUpdates(executor.driver().updates("late"));
    assertEquals("one update, healthy, and no failure: " + health, 1, health.size());
    assertNoTerminal("late");
    killAndAwait("late");
  }

  // ---- COMMAND ---------------------------------------------------------------------------------

  @Test
  public void commandCheckRunsInTheTaskDirectory() throws Exception {
    // The check fails until the task has created "ready" in its own directory; the failures fall
    // in the grace period, before the first success, and are not reported.
    executor.launch(
        withHealthCheck(
            "dir",
            "sleep 0.3; touch ready; " + RUN,
            command("test -f ready", health("COMMAND", 0.1, 5, 10, 1))));

    List<TaskStatus> health = awaitHealth("dir", l -> !l.isEmpty(), "a health update");

    TaskStatus first = health.get(0);
    assertTrue(first.toString(), first.getHealthy());
    assertEquals(TASK_RUNNING, first.getState());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, first.getReason());
    assertEquals("Health check passed: Command exited with status 0", first.getMessage());
    assertTrue(Files.exists(executor.taskDir("dir").resolve("ready")));
    assertTrue(
        "the check's output file",
        Files.exists(executor.taskDir("dir").resolve("health_check.log")));
    killAndAwait("dir");
  }

  @Test
  public void failingCommandCheckReportsItsExitStatusAndLastOutputLine() throws Exception {
    // Through TaskInfo.health_check this time, the protobuf form.
    executor.launch(
        Tasks.base("fails")
            .setData(Tasks.specBytes(Tasks.shellSpec(RUN)))
            .setHealthCheck(
                HealthCheck.newBuilder()
                    .setType(HealthCheck.Type.COMMAND)
                    .setCommand(CommandInfo.newBuilder().setValue("echo not ready >&2; exit 3"))
                    .setDelaySeconds(0)
                    .setIntervalSeconds(0.1)
                    .setTimeoutSeconds(5)
                    .setGracePeriodSeconds(0)
                    .setConsecutiveFailures(1000))
            .build());

    TaskStatus first = awaitHealth("fails", l -> !l.isEmpty(), "a health update").get(0);

    assertTrue(first.hasHealthy());
    assertFalse(first.toString(), first.getHealthy());
    assertEquals(TASK_RUNNING, first.getState());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, first.getReason());
    assertThat(first.getMessage(), containsString("exited with status 3"));
    assertThat(first.getMessage(), containsString("not ready"));
    assertEquals(
        "Health check failed once: Command exited with status 3: not ready", first.getMessage());
    assertThat(
        Files.readString(executor.taskDir("fails").resolve("health_check.log")),
        containsString("not ready"));
    assertNoTerminal("fails");
    killAndAwait("fails");
  }

  @Test
  public void commandCheckSeesTheTaskEnvironment() throws Exception {
    String word = "open-sesame-" + ThreadLocalRandom.current().nextInt(1_000_000);
    JsonObject spec = Tasks.shellSpec(RUN);
    spec.add("env", Tasks.stringMap(Map.of("HC_IT_WORD", word)));
    // One reported failure kills the task: the very first attempt must pass.
    spec.add(
        "health_check", command("test \"$HC_IT_WORD\" = " + word, health("COMMAND", 0.1, 5, 0, 1)));
    executor.launch(Tasks.withSpec("env", spec));

    TaskStatus first = awaitHealth("env", l -> !l.isEmpty(), "a health update").get(0);

    assertTrue(first.toString(), first.getHealthy());
    assertEquals("Health check passed: Command exited with status 0", first.getMessage());
    assertNoTerminal("env");
    killAndAwait("env");
  }

  @Test
  public void hangingCommandCheckIsKilledWithItsProcessesAtItsTimeout() throws Exception {
    String mark = uniqueSleep();
    // One attempt only (the next would come a minute later); it records its pids and hangs.
    executor.launch(
        withHealthCheck(
            "hang",
            RUN,
            command(
                "echo $$ > hang.pids; sleep " + mark + " & echo $! >> hang.pids; sleep " + mark,
                health("COMMAND", 60, 0.5, 0, 5))));
    cleanups.push(() -> killByCmdline(mark));

    TaskStatus first = awaitHealth("hang", l -> !l.isEmpty(), "a health update").get(0);

    assertFalse(first.toString(), first.getHealthy());
    assertEquals(TASK_RUNNING, first.getState());
    assertEquals(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, first.getReason());
    assertEquals(
        "Health check failed once: command did not return within 500 ms; it was killed"
            + " with its processes",
        first.getMessage());
    List<Long> pids = pidsIn(executor.taskDir("hang").resolve("hang.pids"));
    assertEquals("the check's shell and its background sleep ran: " + pids, 2, pids.size());
    awaitCondition(
        () ->
            withCmdline(mark).isEmpty() && pids.stream().allMatch(p -> goneOrNotTheCheck(p, mark)),
        "no process of the check left (live with '"
            + mark
            + "' in its command line: "
            + withCmdline(mark)
            + ")");
    assertNoTerminal("hang");
    killAndAwait("hang");
  }

  @Test
  public void commandCheckThatLeavesABackgroundProcessHasItKilled() throws Exception {
    String mark = uniqueSleep();
    executor.launch(
        withHealthCheck(
            "bg",
            RUN,
            command(
                "sleep " + mark + " & echo $! > bg.pids; exit 0", health("COMMAND", 60, 5, 0, 5))));
    cleanups.push(() -> killByCmdline(mark));

    TaskStatus first = awaitHealth("bg", l -> !l.isEmpty(), "a health update").get(0);

    assertTrue(first.toString(), first.getHealthy());
    List<Long> pids = pidsIn(executor.taskDir("bg").resolve("bg.pids"));
    assertEquals(pids.toString(), 1, pids.size());
    awaitCondition(
        () ->
            withCmdline(mark).isEmpty() && pids.stream().allMatch(p -> goneOrNotTheCheck(p, mark)),
        "the check's background sleep gone (live: " + withCmdline(mark) + ")");
    killAndAwait("bg");
  }

  // ---- TaskInfo.check --------------------------------------------------------------------------

  @Test
  public void tcpCheckReportsEachChangeOfItsResult() throws Exception {
    Listener listener = listen(0);
    int port = listener.port();
    executor.launch(
        Tasks.base("tcp-check")
            .setData(Tasks.specBytes(Tasks.shellSpec(RUN)))
            .setCheck(
                CheckInfo.newBuilder()
                    .setType(CheckInfo.Type.TCP)
                    .setTcp(CheckInfo.Tcp.newBuilder().setPort(port))
                    .setDelaySeconds(0)
                    .setIntervalSeconds(0.1)
                    .setTimeoutSeconds(2))
            .build());

    awaitChecks("tcp-check", l -> l.size() == 1, "the first check update");
    int seen = listener.accepted.get();
    awaitCondition(() -> listener.accepted.get() >= seen + 3, "three more connections");
    assertEquals(1, checkUpdates(executor.driver().updates("tcp-check")).size());

    listener.close();
    awaitChecks("tcp-check", l -> l.size() >= 2, "a second check update");

    Listener again = listen(port);
    awaitChecks("tcp-check", l -> l.size() >= 3, "a third check update");
    int seen2 = again.accepted.get();
    awaitCondition(() -> again.accepted.get() >= seen2 + 3, "three more connections");

    List<TaskStatus> updates = executor.driver().updates("tcp-check");
    List<TaskStatus> checks = checkUpdates(updates);
    List<Boolean> results = new ArrayList<>();
    for (TaskStatus s : checks) {
      assertEquals(TASK_RUNNING, s.getState());
      assertFalse("no health check, no healthy field: " + s, s.hasHealthy());
      assertEquals(CheckInfo.Type.TCP, s.getCheckStatus().getType());
      assertTrue(s.toString(), s.getCheckStatus().getTcp().hasSucceeded());
      results.add(s.getCheckStatus().getTcp().getSucceeded());
    }
    assertEquals("one update per change: " + checks, List.of(true, false, true), results);
    assertThat(checks.get(1).getMessage(), containsString("127.0.0.1:" + port));
    TaskStatus running =
        updates.stream().filter(s -> s.getState() == TASK_RUNNING).findFirst().orElseThrow();
    assertFalse(
        "before any result the check status is empty: " + running,
        running.getCheckStatus().getTcp().hasSucceeded());

    TaskStatus terminal = killAndAwait("tcp-check");
    assertTrue(
        "the terminal update carries the last result: " + terminal,
        terminal.getCheckStatus().getTcp().getSucceeded());
  }

  @Test
  public void commandCheckReportsEachChangeOfItsExitCode() throws Exception {
    executor.launch(
        Tasks.base("code")
            .setData(Tasks.specBytes(Tasks.shellSpec(RUN)))
            .setCheck(
                CheckInfo.newBuilder()
                    .setType(CheckInfo.Type.COMMAND)
                    .setCommand(
                        CheckInfo.Command.newBuilder()
                            .setCommand(
                                CommandInfo.newBuilder()
                                    .setValue(
                                        "echo run >> runs; c=$(cat code 2>/dev/null); exit ${c:-0}")))
                    .setDelaySeconds(0)
                    .setIntervalSeconds(0.1)
                    .setTimeoutSeconds(5))
            .build());
    Path dir = executor.taskDir("code");
    List<Integer> codes = List.of(0, 3, 5, 0);

    for (int i = 0; i < codes.size(); i++) {
      int step = i;
      if (i > 0) {
        writeAtomically(dir.resolve("code"), Integer.toString(codes.get(i)));
      }
      awaitChecks("code", l -> l.size() == step + 1, "check update " + (step + 1));
      // More attempts with the same result must not be reported again.
      int runs = lines(dir.resolve("runs"));
      awaitCondition(() -> lines(dir.resolve("runs")) >= runs + 3, "three more runs of the check");
      assertEquals(step + 1, checkUpdates(executor.driver().updates("code")).size());
    }

    List<Integer> reported = new ArrayList<>();
    for (TaskStatus s : checkUpdates(executor.driver().updates("code"))) {
      assertEquals(TASK_RUNNING, s.getState());
      assertEquals(CheckInfo.Type.COMMAND, s.getCheckStatus().getType());
      assertTrue(s.toString(), s.getCheckStatus().getCommand().hasExitCode());
      reported.add(s.getCheckStatus().getCommand().getExitCode());
    }
    assertEquals(codes, reported);
    assertTrue(Files.exists(dir.resolve("check.log")));
    assertNoTerminal("code");
    killAndAwait("code");
  }

  // ---- bad input -------------------------------------------------------------------------------

  @Test
  public void invalidChecksAreTaskErrorsNamingTheFieldAndOtherTasksRunOn() throws Exception {
    executor.launch(
        withHealthCheck("good-before", RUN, command("true", health("COMMAND", 0.1, 5, 0, 1))));
    awaitHealth("good-before", l -> !l.isEmpty(), "a health update");

    JsonObject foo = health("FOO", 0.2, 1, 0, 3);
    JsonObject zeroInterval = tcp(8080, health("TCP", 0.2, 1, 0, 3));
    zeroInterval.addProperty("interval_seconds", 0);
    JsonObject noCommand = health("COMMAND", 0.2, 1, 0, 3);
    Map<String, TaskInfo> bad =
        Map.of(
            "health_check.type", withHealthCheck("foo", RUN, foo),
            "health_check.interval_seconds", withHealthCheck("zero-interval", RUN, zeroInterval),
            "health_check.command", withHealthCheck("no-command", RUN, noCommand),
            "TaskInfo.check.tcp",
                Tasks.base("check-no-tcp")
                    .setData(Tasks.specBytes(Tasks.shellSpec(RUN)))
                    .setCheck(
                        CheckInfo.newBuilder().setType(CheckInfo.Type.TCP).setIntervalSeconds(1))
                    .build());
    for (TaskInfo task : bad.values()) {
      executor.launch(task);
    }
    executor.launch(
        withHealthCheck("good-after", RUN, command("true", health("COMMAND", 0.1, 5, 0, 1))));

    for (Map.Entry<String, TaskInfo> e : bad.entrySet()) {
      String id = e.getValue().getTaskId().getValue();
      TaskStatus terminal = executor.awaitTerminal(id);
      assertEquals(id, List.of(TASK_ERROR), executor.driver().states(id));
      assertEquals(id, Reason.REASON_TASK_INVALID, terminal.getReason());
      assertThat(id, terminal.getMessage(), containsString(e.getKey()));
      assertTrue(id + " never ran", Files.notExists(executor.taskDir(id).resolve("stdout")));
    }
    assertThat(executor.driver().updates("foo").get(0).getMessage(), containsString("\"FOO\""));
    TaskStatus after = awaitHealth("good-after", l -> !l.isEmpty(), "a health update").get(0);
    assertTrue(after.toString(), after.getHealthy());
    assertNoTerminal("good-before");
    assertTrue(healthUpdates(executor.driver().updates("good-before")).get(0).getHealthy());
    killAndAwait("good-before");
    killAndAwait("good-after");
  }

  @Test
  public void specHealthCheckWithoutAPortIsATaskErrorNamingTheField() throws Exception {
    JsonObject noHttpPort = health("HTTP", 0.2, 1, 0, 3);
    JsonObject path = new JsonObject();
    path.addProperty("path", "/health");
    noHttpPort.add("http", path);
    JsonObject noTcpPort = health("TCP", 0.2, 1, 0, 3);
    noTcpPort.add("tcp", new JsonObject());
    executor.launch(withHealthCheck("no-http-port", RUN, noHttpPort));
    executor.launch(withHealthCheck("no-tcp-port", RUN, noTcpPort));
    executor.launch(withHealthCheck("good", RUN, command("true", health("COMMAND", 0.1, 5, 0, 1))));

    for (String[] c :
        new String[][] {
          {"no-http-port", "health_check.http.port"}, {"no-tcp-port", "health_check.tcp.port"}
        }) {
      TaskStatus terminal = executor.awaitTerminal(c[0]);
      assertEquals(c[0], List.of(TASK_ERROR), executor.driver().states(c[0]));
      assertEquals(c[0], Reason.REASON_TASK_INVALID, terminal.getReason());
      assertThat(c[0], terminal.getMessage(), containsString(c[1]));
    }
    assertTrue(awaitHealth("good", l -> !l.isEmpty(), "a health update").get(0).getHealthy());
    killAndAwait("good");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A spec-form health check: the fields every test sets. */
  private static JsonObject health(
      String type, double interval, double timeout, double grace, int consecutiveFailures) {
    JsonObject o = new JsonObject();
    o.addProperty("type", type);
    o.addProperty("delay_seconds", 0);
    o.addProperty("interval_seconds", interval);
    o.addProperty("timeout_seconds", timeout);
    o.addProperty("grace_period_seconds", grace);
    o.addProperty("consecutive_failures", consecutiveFailures);
    return o;
  }

  private static JsonObject http(int port, String path, JsonObject check) {
    JsonObject h = new JsonObject();
    h.addProperty("port", port);
    h.addProperty("path", path);
    check.add("http", h);
    return check;
  }

  private static JsonObject tcp(int port, JsonObject check) {
    JsonObject t = new JsonObject();
    t.addProperty("port", port);
    check.add("tcp", t);
    return check;
  }

  private static JsonObject command(String shell, JsonObject check) {
    JsonObject c = new JsonObject();
    c.addProperty("value", shell);
    check.add("command", c);
    return check;
  }

  /** A task running {@code command} whose spec carries {@code healthCheck}. */
  private static TaskInfo withHealthCheck(String id, String command, JsonObject healthCheck) {
    JsonObject spec = Tasks.shellSpec(command);
    spec.add("health_check", healthCheck);
    return Tasks.withSpec(id, spec);
  }

  private static List<TaskStatus> healthUpdates(List<TaskStatus> updates) {
    return updates.stream()
        .filter(s -> s.getReason() == Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
        .toList();
  }

  private static List<TaskStatus> checkUpdates(List<TaskStatus> updates) {
    return updates.stream()
        .filter(s -> s.getReason() == Reason.REASON_TASK_CHECK_STATUS_UPDATED)
        .toList();
  }

  private List<TaskStatus> awaitHealth(String id, Predicate<List<TaskStatus>> done, String what)
      throws InterruptedException {
    return healthUpdates(awaitUpdates(id, u -> done.test(healthUpdates(u)), what));
  }

  private List<TaskStatus> awaitChecks(String id, Predicate<List<TaskStatus>> done, String what)
      throws InterruptedException {
    return checkUpdates(awaitUpdates(id, u -> done.test(checkUpdates(u)), what));
  }

  /** Waits until the task's updates satisfy {@code done}; fails at once on a terminal one. */
  private List<TaskStatus> awaitUpdates(String id, Predicate<List<TaskStatus>> done, String what)
      throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<TaskStatus> updates = executor.driver().updates(id);
      if (done.test(updates)) {
        return updates;
      }
      if (updates.stream().anyMatch(s -> Statuses.isTerminal(s.getState()))
          || System.nanoTime() > end) {
        throw new AssertionError(
            "task " + id + ": no " + what + " within " + WAIT + "; updates: " + updates);
      }
      Thread.sleep(10);
    }
  }

  private static void awaitCondition(BooleanSupplier done, String what)
      throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no " + what + " within " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  private void assertNoTerminal(String id) {
    List<TaskState> states = executor.driver().states(id);
    assertTrue(
        "task " + id + " still running: " + states,
        states.stream().noneMatch(Statuses::isTerminal));
  }

  /** Kills a task (not by its health check) and returns its terminal update. */
  private TaskStatus killAndAwait(String id) throws InterruptedException {
    executor.kill(id);
    TaskStatus terminal = executor.awaitTerminal(id);
    assertEquals(terminal.toString(), TASK_KILLED, terminal.getState());
    assertThat(terminal.getMessage(), containsString("Task killed by killTask"));
    return terminal;
  }

  private HttpServer httpServer(Map<String, HttpHandler> routes) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
    routes.forEach(server::createContext);
    server.start();
    cleanups.push(() -> server.stop(0));
    return server;
  }

  private static HttpHandler answering(IntSupplier code, AtomicInteger hits) {
    return exchange -> {
      try {
        exchange.getRequestBody().readAllBytes();
        hits.incrementAndGet();
        exchange.sendResponseHeaders(code.getAsInt(), -1);
      } finally {
        exchange.close();
      }
    };
  }

  private static HttpHandler redirectTo(String path) {
    return (HttpExchange exchange) -> {
      try {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Location", path);
        exchange.sendResponseHeaders(302, -1);
      } finally {
        exchange.close();
      }
    };
  }

  /** A port nobody listens on just now. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  private Listener listen(int port) throws IOException {
    Listener l = new Listener(port);
    cleanups.push(l);
    return l;
  }

  /** A listening socket on loopback that accepts and closes connections, counting them. */
  private static final class Listener implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    private final ServerSocket socket = new ServerSocket();
    private final Thread thread;

    Listener(int port) throws IOException {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port), 200);
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket s = socket.accept();
                    accepted.incrementAndGet();
                    s.close();
                  } catch (IOException e) {
                    // closed, or a connection that went away: look again
                  }
                }
              },
              "it-listener-" + socket.getLocalPort());
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException, InterruptedException {
      socket.close();
      thread.join(WAIT.toMillis());
    }
  }

  /** A {@code sleep} argument no other process on the host has: 1000.NNNNNN seconds. */
  private static String uniqueSleep() {
    return "1000." + (100_000 + ThreadLocalRandom.current().nextInt(900_000));
  }

  /** Live processes whose command line contains {@code fragment}. */
  private static List<Long> withCmdline(String fragment) {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (cmdline(pid).contains(fragment) && ProcScan.alive(pid)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot scan /proc", e);
    }
    return found;
  }

  private static String cmdline(long pid) {
    try {
      byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException gone) {
      return "";
    }
  }

  /** Whether the check's process {@code pid} has gone: neither running nor a zombie. */
  private static boolean goneOrNotTheCheck(long pid, String mark) {
    return ProcScan.stat(pid)
        .map(s -> !s.zombie() && !cmdline(pid).contains(mark)) // a live one reuses the pid
        .orElse(true);
  }

  private static void killByCmdline(String fragment) {
    for (long pid : withCmdline(fragment)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static List<Long> pidsIn(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank())
        .map(l -> Long.parseLong(l.trim()))
        .toList();
  }

  private static int lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Replaces {@code file} in one step: the check never reads it half written. */
  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByName("127.0.0.1");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
