package bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.process.LibC;
import org.mesosexec.testing.ProcScan;
import org.mesosexec.testing.ProcScan.Stat;
import org.mesosexec.testing.RecordingDriver;

/**
 * Kills of whole process trees. Every task is {@code /bin/sh -c} starting {@code sleep 300 &}
 * children and then {@code wait}ing, so that a tree of n processes is the shell and n−1 sleeps;
 * with {@code trap '' TERM} first, the shell and (by inheritance of the ignored signal) every sleep
 * ignore SIGTERM. A tree is only killed once all its processes exist (the shell's children, read
 * from {@code /proc}, are n−1 {@code sleep}s).
 *
 * <ul>
 *   <li>{@code kill}: {@code killTask} call to TASK_KILLED (p50, p99) for a 50-process tree that
 *       honours SIGTERM, against a bare {@code kill(-pgid, SIGTERM)} of the same tree from this JVM
 *       until all 50 are gone from {@code /proc}; then for a 50-process tree that ignores SIGTERM,
 *       with {@code kill_grace_period_ms} 1000, as a ratio to the grace period, with a bare SIGKILL
 *       of the same tree as the baseline of the overhead. For the baselines this JVM makes itself a
 *       child subreaper, as the executor does, and reaps the orphaned sleeps as soon as they are
 *       zombies; else they would wait for init, which here reaps only every few seconds.
 *   <li>{@code shutdown ignore|honour}: 50 such tasks of 50 processes each, then the {@code
 *       shutdown} callback, with MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD 5secs and EXECUTOR_STOP_DELAY
 *       1secs: time to {@code driver.stop()} and to the last terminal update, as ratios to the
 *       agent's grace period. One shutdown per JVM: an executor shuts down once.
 * </ul>
 *
 * <p>After every kill the bench checks that no process of the tree is left (the terminal update
 * promises that), and after every scenario it scans {@code /proc} for any process of its tasks (by
 * session and by a variable in their environment), reports the count as a row and SIGKILLs them.
 */
public final class TreeKillBench {
  /** Processes per tree in the kill scenarios. */
  private static final int TREE = 50;

  private static final int WARMUP = 2;
  private static final int KILLS = 15;
  private static final int IGNORING_WARMUP = 1;
  private static final int IGNORING_KILLS = 10;
  private static final Duration KILL_GRACE = Duration.ofSeconds(1);

  /** Ratio target of the kill of a tree that ignores SIGTERM: 100 ms beyond a 1 s grace. */
  private static final double GRACE_TARGET = 1.10;

  private static final int SHUTDOWN_TASKS = 50;
  private static final int SHUTDOWN_TREE = 50;
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
  private static final Duration STOP_DELAY = Duration.ofSeconds(1);

  /** Longer than the shutdown's budget, so that the cap is what a shutdown kill gets. */
  private static final Duration SHUTDOWN_TASK_GRACE = Duration.ofSeconds(10);

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration READY_WAIT = Duration.ofSeconds(90);

  /** How often a process's state is read while the bench watches a tree die. */
  private static final long POLL_NANOS = 200_000;

  private static final Pattern ENDED_AFTER = Pattern.compile("ended after (\\d+) ms");
  private static final String TAG_VARIABLE = "BENCH_TREE_KILL_TAG";
  private static final String TAG = "tree-" + ProcessHandle.current().pid();
  private static final Optional<LibC> LIBC = LibC.load();
  private static final String SETSID =
      Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "/bin/setsid";

  /** The processes of one tree as they were before the kill. */
  record Tree(long leader, List<Stat> procs) {}

  /**
   * The timeline of one kill, in nanoseconds from the {@code killTask} call: the tree seen stopped
   * (or dead), its first process seen dead, its last, the terminal update.
   */
  record Kill(long frozen, long firstDead, long dead, long reported, String message, int left) {}

  private TreeKillBench() {}

  public static void main(String[] args) throws Exception {
    Set<Long> sids = new HashSet<>();
    String mode = args.length > 0 ? args[0] : "";
    try {
      switch (mode) {
        case "kill" -> killScenarios(sids);
        case "shutdown" -> shutdownScenario(args.length > 1 && args[1].equals("ignore"), sids);
        default ->
            throw new IllegalArgumentException(
                "usage: TreeKillBench kill | shutdown ignore | shutdown honour");
      }
    } finally {
      reapEverything(sids);
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- kill

  private static void killScenarios(Set<Long> sids) throws Exception {
    // Baselines first, before the executor runs its own orphan reaper in this JVM.
    boolean reaping =
        LIBC.isPresent() && LIBC.get().prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    if (!reaping) {
      Report.note("tree kill: no subreaper; the baselines wait for the death only");
    }
    List<Long> bareTerm = new ArrayList<>();
    List<Long> bareKill = new ArrayList<>();
    for (int i = 0; i < WARMUP + KILLS; i++) {
      long took = bareKill(false, reaping, sids);
      if (i >= WARMUP) {
        bareTerm.add(took);
      }
    }
    for (int i = 0; i < IGNORING_WARMUP + IGNORING_KILLS; i++) {
      long took = bareKill(true, reaping, sids);
      if (i >= IGNORING_WARMUP) {
        bareKill.add(took);
      }
    }
    int leftBare = leftovers("tree-kill baselines", sids, "base-" + TAG, false);
    Set<Long> taskSids = new HashSet<>();
    List<Kill> term = new ArrayList<>();
    List<Kill> ignoring = new ArrayList<>();
    try (InProcessExecutor ex = InProcessExecutor.start("tree-kill")) {
      for (int i = 0; i < WARMUP + KILLS; i++) {
        Kill k = executorKill(ex, "term-" + i, false, taskSids);
        if (i >= WARMUP) {
          term.add(k);
        }
      }
      for (int i = 0; i < IGNORING_WARMUP + IGNORING_KILLS; i++) {
        Kill k = executorKill(ex, "ignoring-" + i, true, taskSids);
        if (i >= IGNORING_WARMUP) {
          ignoring.add(k);
        }
      }
    } finally {
      sids.addAll(taskSids);
    }
    int leftTasks = leftovers("tree-kill tasks", taskSids, "exec-" + TAG, true);

    String until = reaping ? " (until all gone)" : " (until all dead)";
    explain(
        "kill " + TREE + "-process tree, SIGTERM honoured", term, bareTerm, "bare SIGTERM" + until);
    List<Long> honoured = term.stream().map(Kill::reported).toList();
    long p50 = Stats.median(honoured);
    long p99 = Stats.percentile(honoured, 99);
    long bareP50 = Stats.median(bareTerm);
    long bareP99 = Stats.percentile(bareTerm, 99);
    String bare = " kill -TERM -pgid";
    Report.row(
        "tree " + TREE + " procs, TERM ok: kill p50 (" + KILLS + ")",
        Stats.ms(p50),
        Stats.ms(bareP50) + bare,
        (double) p50 / bareP50,
        "-",
        null);
    Report.row(
        "tree " + TREE + " procs, TERM ok: kill p99 (" + KILLS + ")",
        Stats.ms(p99),
        Stats.ms(bareP99) + bare,
        (double) p99 / bareP99,
        "-",
        null);

    explain(
        "kill " + TREE + "-process tree, SIGTERM ignored, grace " + KILL_GRACE.toMillis() + " ms",
        ignoring,
        bareKill,
        "bare SIGKILL" + until);
    List<Long> ignored = ignoring.stream().map(Kill::reported).toList();
    long grace = KILL_GRACE.toNanos();
    long i50 = Stats.median(ignored);
    long i99 = Stats.percentile(ignored, 99);
    Report.note(
        "kill, SIGTERM ignored: overhead beyond the %d ms grace p50 %s, p99 %s; a bare"
            + " SIGKILL of the same tree takes p50 %s, p99 %s",
        KILL_GRACE.toMillis(),
        Stats.ms(i50 - grace),
        Stats.ms(i99 - grace),
        Stats.ms(Stats.median(bareKill)),
        Stats.ms(Stats.percentile(bareKill, 99)));
    String target = String.format(Locale.ROOT, "<= %.2fx", GRACE_TARGET);
    Report.row(
        "tree " + TREE + " procs, TERM ignored: kill p50 (" + IGNORING_KILLS + ")",
        Stats.ms(i50),
        KILL_GRACE.toMillis() + " ms grace",
        (double) i50 / grace,
        target,
        i50 <= GRACE_TARGET * grace);
    Report.row(
        "tree " + TREE + " procs, TERM ignored: kill p99 (" + IGNORING_KILLS + ")",
        Stats.ms(i99),
        KILL_GRACE.toMillis() + " ms grace",
        (double) i99 / grace,
        target,
        i99 <= GRACE_TARGET * grace);

    int atKilled =
        term.stream().mapToInt(Kill::left).sum() + ignoring.stream().mapToInt(Kill::left).sum();
    Report.row(
        "tree kill: task procs left (at KILLED/after)",
        atKilled + " / " + leftTasks,
        leftBare + " after bare kills",
        "-",
        "0 / 0",
        atKilled == 0 && leftTasks == 0);
  }

  /** Notes where a kill's time goes, and what the executor said about the kills. */
  private static void explain(String what, List<Kill> kills, List<Long> bare, String bareName) {
    List<Long> frozen = kills.stream().map(Kill::frozen).toList();
    List<Long> first = kills.stream().map(Kill::firstDead).toList();
    List<Long> dead = kills.stream().map(Kill::dead).toList();
    List<Long> lag = kills.stream().map(k -> k.reported() - k.dead()).toList();
    Report.note(
        "%s: p50 from killTask: tree seen stopped %s, first process dead %s, all %d dead"
            + " %s; all dead -> TASK_KILLED p50 %s, p99 %s; %s p50 %s",
        what,
        Stats.ms(Stats.median(frozen)),
        Stats.ms(Stats.median(first)),
        TREE,
        Stats.ms(Stats.median(dead)),
        Stats.ms(Stats.median(lag)),
        Stats.ms(Stats.percentile(lag, 99)),
        bareName,
        Stats.ms(Stats.median(bare)));
    long escalated = kills.stream().filter(k -> k.message().contains("SIGKILL")).count();
    Report.note(
        "%s: %d of %d TASK_KILLED say SIGKILL; e.g. '%s'",
        what, escalated, kills.size(), kills.get(kills.size() - 1).message());
  }

  /**
   * One bare kill of a fresh tree: {@code kill(-pgid, SIGTERM)} until all are gone, or for a tree
   * that ignores SIGTERM, SIGTERM (checked to be ignored), then SIGKILL until all are gone. Returns
   * the time from the last signal until the last process has left {@code /proc} (when {@code
   * reaping}: this JVM reaps the orphans it adopted, the JDK the shell), else until it has died.
   */
  private static long bareKill(boolean ignoreTerm, boolean reaping, Set<Long> sids)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(SETSID, "/bin/sh", "-c", script(TREE, ignoreTerm))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put(TAG_VARIABLE, "base-" + TAG);
    Process p = pb.start();
    sids.add(p.pid());
    try {
      Tree tree = awaitTree(p.pid(), TREE, System.nanoTime() + READY_WAIT.toNanos());
      int signal = 15;
      if (ignoreTerm) {
        signalGroup(p.pid(), 15);
        Thread.sleep(20);
        long alive = tree.procs().stream().filter(x -> !dead(x)).count();
        if (alive != TREE) {
          throw new IllegalStateException(
              "the tree that ignores SIGTERM lost " + (TREE - alive) + " process(es) to it");
        }
        signal = 9;
      }
      long t0 = System.nanoTime();
      signalGroup(p.pid(), signal);
      long took =
          (reaping ? awaitGone(tree, t0 + WAIT.toNanos()) : awaitDead(tree, t0 + WAIT.toNanos()))
              - t0;
      p.waitFor();
      return took;
    } finally {
      p.destroyForcibly();
      p.getOutputStream().close();
    }
  }

  /** Launches a tree task, waits for all its processes, kills it and follows it to TASK_KILLED. */
  private static Kill executorKill(
      InProcessExecutor ex, String id, boolean ignoreTerm, Set<Long> sids) throws Exception {
    ex.launch(id, spec(TREE, ignoreTerm, ignoreTerm ? KILL_GRACE : null));
    long leader = leaderOf(ex.driver().awaitArrival(id, TaskState.TASK_RUNNING, WAIT).status());
    sids.add(leader);
    Tree tree = awaitTree(leader, TREE, System.nanoTime() + READY_WAIT.toNanos());
    long t0 = System.nanoTime();
    ex.kill(id);
    long frozen = awaitSignalled(tree, t0 + WAIT.toNanos());
    long firstDead = awaitFirstDeath(tree, t0 + WAIT.toNanos());
    long dead = awaitDead(tree, t0 + WAIT.toNanos());
    RecordingDriver.Arrival killed = ex.driver().awaitArrival(id, TaskState.TASK_KILLED, WAIT);
    // The terminal update is only sent once no process of the task is left, zombies included.
    int left = (int) tree.procs().stream().filter(TreeKillBench::present).count();
    if (left > 0) {
      Report.note("kill %s: %d of its %d processes still present at TASK_KILLED", id, left, TREE);
    }
    return new Kill(
        frozen - t0,
        firstDead - t0,
        dead - t0,
        killed.nanos() - t0,
        killed.status().getMessage(),
        left);
  }

  // ---------------------------------------------------------------- shutdown

  private static void shutdownScenario(boolean ignoreTerm, Set<Long> sids) throws Exception {
    String kind = ignoreTerm ? "TERM ignored" : "TERM ok";
    Map<String, String> settings =
        Map.of(
            "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", SHUTDOWN_GRACE.toSeconds() + "secs",
            "EXECUTOR_STOP_DELAY", STOP_DELAY.toSeconds() + "secs");
    int processes = SHUTDOWN_TASKS * SHUTDOWN_TREE;
    Report.note(
        "shutdown, %s: %d tasks x %d processes = %d processes; agent grace %d ms, stop"
            + " delay %d ms, so at most %d ms for the kills; task kill_grace_period_ms %s",
        kind,
        SHUTDOWN_TASKS,
        SHUTDOWN_TREE,
        processes,
        SHUTDOWN_GRACE.toMillis(),
        STOP_DELAY.toMillis(),
        SHUTDOWN_GRACE.minus(STOP_DELAY).minusSeconds(1).toMillis(),
        ignoreTerm ? String.valueOf(SHUTDOWN_TASK_GRACE.toMillis()) : "unset (3000)");
    List<String> ids = new ArrayList<>();
    List<Tree> trees = new ArrayList<>();
    long t0;
    long callback;
    long stop;
    try (InProcessExecutor ex = InProcessExecutor.start("tree-shutdown", settings)) {
      long launched = System.nanoTime();
      for (int i = 0; i < SHUTDOWN_TASKS; i++) {
        String id = "shutdown-" + i;
        ids.add(id);
        ex.launch(id, spec(SHUTDOWN_TREE, ignoreTerm, ignoreTerm ? SHUTDOWN_TASK_GRACE : null));
      }
      List<Long> leaders = new ArrayList<>();
      for (String id : ids) {
        long leader =
            leaderOf(ex.driver().awaitArrival(id, TaskState.TASK_RUNNING, READY_WAIT).status());
        leaders.add(leader);
        sids.add(leader);
      }
      long deadline = launched + READY_WAIT.toNanos();
      for (long leader : leaders) {
        trees.add(awaitTree(leader, SHUTDOWN_TREE, deadline));
      }
      Report.note(
          "shutdown, %s: all %d processes up %s after the first launchTask",
          kind,
          trees.stream().mapToInt(t -> t.procs().size()).sum(),
          Stats.ms(System.nanoTime() - launched));

      t0 = System.nanoTime();
      ex.shutdown();
      callback = System.nanoTime() - t0;
      stop = ex.driver().awaitStopNanos(WAIT) - t0;
      int atStop =
          (int)
              trees.stream()
                  .flatMap(t -> t.procs().stream())
                  .filter(TreeKillBench::present)
                  .count();
      ex.driver().awaitAllTerminal(ids, WAIT);
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      int killed = 0;
      int escalated = 0;
      int abandoned = 0;
      String example = "";
      long ownKill = -1;
      long killStart = -1;
      for (String id : ids) {
        RecordingDriver.Arrival a = ex.driver().terminalArrival(id);
        first = Math.min(first, a.nanos() - t0);
        last = Math.max(last, a.nanos() - t0);
        TaskStatus s = a.status();
        killed += s.getState() == TaskState.TASK_KILLED ? 1 : 0;
        escalated += s.getMessage().contains("SIGKILL") ? 1 : 0;
        abandoned += s.getMessage().contains("still") ? 1 : 0;
        example = s.getMessage();
        // "... ended after 3344 ms ...": counted from when the task's own kill began.
        Matcher m = ENDED_AFTER.matcher(s.getMessage());
        if (m.find()) {
          long own = Long.parseLong(m.group(1)) * 1_000_000L;
          ownKill = Math.max(ownKill, own);
          killStart = Math.max(killStart, a.nanos() - t0 - own);
        }
      }
      Report.note(
          "shutdown, %s: callback returned after %s; terminal updates from %s to %s;"
              + " driver.stop() at %s (%s after the last update)",
          kind,
          Stats.ms(callback),
          Stats.ms(first),
          Stats.ms(last),
          Stats.ms(stop),
          Stats.ms(stop - last));
      Report.note(
          "shutdown, %s: %d of %d TASK_KILLED, %d say SIGKILL, %d reported with processes"
              + " still present; e.g. '%s'",
          kind, killed, SHUTDOWN_TASKS, escalated, abandoned, example);
      if (ownKill >= 0) {
        Report.note(
            "shutdown, %s: per the updates, a task's own kill (from its kill() on a worker"
                + " to its update) took up to %s, and the last kill began ~%s after the callback",
            kind, Stats.ms(ownKill), Stats.ms(killStart));
      }
      long grace = SHUTDOWN_GRACE.toNanos();
      String figure =
          String.format(Locale.ROOT, "shutdown %dx%d, %s: ", SHUTDOWN_TASKS, SHUTDOWN_TREE, kind);
      String base = SHUTDOWN_GRACE.toMillis() + " ms agent grace";
      Report.row(
          figure + "-> last terminal",
          Stats.ms(last),
          base,
          (double) last / grace,
          "< 1.0x",
          last < grace);
      Report.row(
          figure + "-> driver.stop()",
          Stats.ms(stop),
          base,
          (double) stop / grace,
          "< 1.0x",
          stop < grace);
      int left = leftovers("shutdown, " + kind, sids, "exec-" + TAG, true);
      Report.row(
          figure + "task procs left (at stop/after)",
          atStop + " / " + left,
          "-",
          "-",
          "0 / 0",
          atStop == 0 && left == 0);
    }
  }

  // ---------------------------------------------------------------- trees

  /** The task's shell: {@code n - 1} sleeps in the background, then {@code wait}. */
  private static String script(int n, boolean ignoreTerm) {
    return (ignoreTerm ? "trap '' TERM; " : "")
        + "i=0; while [ $i -lt "
        + (n - 1)
        + " ]; do sleep 300 & i=$((i+1)); done; wait";
  }

  private static String spec(int n, boolean ignoreTerm, Duration grace) {
    JsonObject spec = new JsonObject();
    spec.addProperty("command", script(n, ignoreTerm));
    JsonObject env = new JsonObject();
    env.addProperty(TAG_VARIABLE, "exec-" + TAG);
    spec.add("env", env);
    if (grace != null) {
      spec.addProperty("kill_grace_period_ms", grace.toMillis());
    }
    return spec.toString();
  }

  /** The task's first process, from its TASK_RUNNING message {@code pid N}. */
  private static long leaderOf(TaskStatus running) {
    return Long.parseLong(running.getMessage().replace("pid ", "").trim());
  }

  /** Waits until the shell {@code leader} runs and has {@code n - 1} sleep children. */
  private static Tree awaitTree(long leader, int n, long deadline) throws InterruptedException {
    while (true) {
      Optional<Stat> shell = ProcScan.stat(leader);
      if (shell.isEmpty() || shell.get().zombie()) {
        throw new IllegalStateException("the shell of tree " + leader + " is gone");
      }
      List<Stat> procs = new ArrayList<>(List.of(shell.get()));
      for (long child : children(leader)) {
        ProcScan.stat(child)
            .filter(c -> !c.zombie() && c.comm().equals("sleep"))
            .ifPresent(procs::add);
      }
      if (procs.size() == n) {
        return new Tree(leader, List.copyOf(procs));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "tree " + leader + " has " + procs.size() + " of its " + n + " processes");
      }
      Thread.sleep(1);
    }
  }

  /** When the first process of the tree was seen stopped (the executor's freeze) or dead. */
  private static long awaitSignalled(Tree tree, long deadline) {
    while (true) {
      for (Stat p : tree.procs()) {
        Optional<Stat> now = ProcScan.stat(p.pid()).filter(x -> x.startTime() == p.startTime());
        if (now.isEmpty() || now.get().zombie() || now.get().state() == 'T') {
          return System.nanoTime();
        }
        if (p.pid() != tree.leader()) {
          break; // the leader and one sleep are enough to see the tree frozen
        }
      }
      pause(deadline, tree);
    }
  }

  /** When the first of the leader, the first sleep and the last sleep was seen dead. */
  private static long awaitFirstDeath(Tree tree, long deadline) {
    List<Stat> watched =
        List.of(
            tree.procs().get(0), tree.procs().get(1), tree.procs().get(tree.procs().size() - 1));
    while (watched.stream().noneMatch(TreeKillBench::dead)) {
      pause(deadline, tree);
    }
    return System.nanoTime();
  }

  /** Polls the processes one after the other until all are dead; returns when the last was. */
  private static long awaitDead(Tree tree, long deadline) {
    for (Stat p : tree.procs()) {
      while (!dead(p)) {
        pause(deadline, tree);
      }
    }
    return System.nanoTime();
  }

  /**
   * Polls the processes one after the other until all have left /proc, reaping each that is a
   * zombie child of this JVM (an orphan it adopted as subreaper); the JDK reaps the shell.
   */
  private static long awaitGone(Tree tree, long deadline) {
    long self = ProcessHandle.current().pid();
    for (Stat p : tree.procs()) {
      while (true) {
        Optional<Stat> now = ProcScan.stat(p.pid()).filter(x -> x.startTime() == p.startTime());
        if (now.isEmpty()) {
          break;
        }
        if (now.get().zombie()
            && now.get().ppid() == self
            && p.pid() != tree.leader()
            && LIBC.get().waitpid((int) p.pid(), new int[1], LibC.WNOHANG) == p.pid()) {
          break;
        }
        pause(deadline, tree);
      }
    }
    return System.nanoTime();
  }

  private static void pause(long deadline, Tree tree) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("tree " + tree.leader() + " did not die in time");
    }
    LockSupport.parkNanos(POLL_NANOS);
  }

  /** Exited: gone from /proc, a zombie, or its pid taken by another process. */
  private static boolean dead(Stat p) {
    return ProcScan.stat(p.pid())
        .filter(x -> x.startTime() == p.startTime())
        .map(Stat::zombie)
        .orElse(true);
  }

  /** Still in /proc, zombie or not. */
  private static boolean present(Stat p) {
    return ProcScan.stat(p.pid()).filter(x -> x.startTime() == p.startTime()).isPresent();
  }

  private static void signalGroup(long pgid, int signal) throws IOException, InterruptedException {
    if (LIBC.isPresent()) {
      if (LIBC.get().kill((int) -pgid, signal) != 0) {
        throw new IllegalStateException("kill(-" + pgid + ", " + signal + ") failed");
      }
      return;
    }
    new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).start().waitFor();
  }

  // ---------------------------------------------------------------- leftovers

  /**
   * Scans /proc for the processes of the bench's trees: in one of {@code sids} or with the tag
   * {@code tag} in their environment. Notes and returns how many there are (zombies included when
   * {@code zombiesCount}, which they do for the executor: it reaps what it adopts), then SIGKILLs
   * the live ones.
   */
  private static int leftovers(String what, Set<Long> sids, String tag, boolean zombiesCount) {
    List<Stat> found = ours(sids, tag);
    long zombies = found.stream().filter(Stat::zombie).count();
    long live = found.size() - zombies;
    Report.note(
        "%s: leak check: %d process(es) of the bench's trees left (%d live, %d zombie%s)",
        what, found.size(), live, zombies, zombiesCount ? "" : ", not counted");
    for (Stat p : found) {
      if (!p.zombie()) {
        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    return zombiesCount ? found.size() : (int) live;
  }

  /** Makes sure nothing of the bench outlives it, whatever happened. */
  private static void reapEverything(Set<Long> sids) {
    for (Stat p : ours(sids, TAG)) {
      if (!p.zombie()) {
        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static List<Stat> ours(Set<Long> sids, String tag) {
    long self = ProcessHandle.current().pid();
    return ProcScan.all().stream()
        .filter(p -> p.pid() != self)
        .filter(p -> sids.contains(p.sid()) || (!p.zombie() && tagged(p.pid(), tag)))
        .toList();
  }

  /** Whether the environment of {@code pid} sets the bench's variable to {@code [*-]tag}. */
  private static boolean tagged(long pid, String tag) {
    return ProcScan.environmentVariable(pid, TAG_VARIABLE)
        .filter(v -> v.equals(tag) || v.endsWith("-" + tag))
        .isPresent();
  }

  // ---------------------------------------------------------------- /proc

  /** The children of a single-threaded process, from {@code /proc/PID/task/PID/children}. */
  private static List<Long> children(long pid) {
    String text;
    try {
      text =
          Files.readString(
              Path.of("/proc/" + pid + "/task/" + pid + "/children"), StandardCharsets.ISO_8859_1);
    } catch (IOException gone) {
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    for (String s : text.trim().split(" ")) {
      if (!s.isEmpty()) {
        out.add(Long.parseLong(s));
      }
    }
    return out;
  }
}
