package org.mesosexec.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts {@code run-executor.sh} (or any command) as a child process for end-to-end tests: the real
 * script, the real JVM, the real task processes. The static factories name the command, the other
 * methods adjust it; {@link #start()} returns a {@link RunningScript}, {@link #run()} waits for the
 * {@link ScriptOutput}.
 *
 * <p>The child starts from the test's environment without the variables the executor reads ({@code
 * MESOS_*}, {@code EXECUTOR_*}, {@code PROGRESS_*}, {@code LIBPROCESS_*}, {@code JAVA_OPTS}), so
 * that whatever the machine has set cannot change what a test sees. Its class-data cache ({@code
 * EXECUTOR_CDS_DIR}) is {@code target/cds-it}, shared by every run and filled once before the first
 * one, so that the tests run the executor as agents do and none pays for making the archive.
 */
public final class LocalRunner {
  /** Long enough for a slow machine; a run that takes longer is a hang, not a slow start. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final List<String> SCRUBBED_PREFIXES =
      List.of("MESOS_", "EXECUTOR_", "PROGRESS_", "LIBPROCESS_");

  private final List<String> command;
  private final Map<String, String> env = new HashMap<>();
  private Path directory;
  private Duration timeout = DEFAULT_TIMEOUT;
  private boolean defaultSigint;

  private LocalRunner(List<String> command) {
    this.command = List.copyOf(command);
    env.putAll(System.getenv());
    env.keySet()
        .removeIf(k -> k.equals("JAVA_OPTS") || SCRUBBED_PREFIXES.stream().anyMatch(k::startsWith));
    directory = projectRoot().toFile().isDirectory() ? projectRoot() : null;
    env.put(CDS_DIR, sharedCache().toString());
  }

  private static final String CDS_DIR = "EXECUTOR_CDS_DIR";
  private static boolean sharedCacheFilled;

  /** The class-data cache the runs share unless a test sets {@code EXECUTOR_CDS_DIR} itself. */
  public static Path sharedCache() {
    return projectRoot().resolve("target/cds-it");
  }

  /**
   * Runs {@code hello.json} twice with the shared cache, once per JVM: the first run makes the
   * archive at its exit, the second moves it into place. A failure here only leaves the cache cold,
   * which the tests do not depend on.
   */
  private static synchronized void fillSharedCache() throws IOException, InterruptedException {
    if (sharedCacheFilled) {
      return;
    }
    sharedCacheFilled = true;
    for (int i = 0; i < 2; i++) {
      Path sandbox = projectRoot().resolve("target/cds-it-sandbox-" + i);
      local(example("hello.json"), "--sandbox", sandbox).run();
    }
  }

  /**
   * Unpacks the distribution archive {@code archive} into a new directory under {@code scratch}, as
   * an agent's fetcher does; returns the unpacked {@code mesos-task-executor} directory.
   */
  public static Path unpack(Path archive, Path scratch) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(scratch, "unpacked-");
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (tar.waitFor() != 0) { // no JUnit here: the benchmarks call this too
      throw new AssertionError("tar -xzf " + archive + " failed: " + out);
    }
    return dir.resolve("mesos-task-executor");
  }

  /** The repository root: failsafe's {@code project.root}, else the working directory. */
  public static Path projectRoot() {
    return Path.of(System.getProperty("project.root", System.getProperty("user.dir")))
        .toAbsolutePath();
  }

  /** {@code run-executor.sh} at the repository root. */
  public static Path scriptPath() {
    return projectRoot().resolve("run-executor.sh");
  }

  /** An example TASKFILE from {@code conf/examples}. */
  public static Path example(String name) {
    return projectRoot().resolve("conf/examples").resolve(name);
  }

  /** {@code run-executor.sh --local ARGS...} from the repository root. */
  public static LocalRunner local(Object... args) {
    List<String> cmd = new ArrayList<>(List.of(scriptPath().toString(), "--local"));
    for (Object a : args) {
      cmd.add(a.toString());
    }
    return new LocalRunner(cmd);
  }

  /** {@code run-executor.sh ARGS...} (agent mode unless the first argument is --local). */
  public static LocalRunner script(Object... args) {
    return command(scriptPath(), args);
  }

  /** Any executable with arguments, for example the script from the distribution archive. */
  public static LocalRunner command(Path executable, Object... args) {
    List<String> cmd = new ArrayList<>(List.of(executable.toString()));
    for (Object a : args) {
      cmd.add(a.toString());
    }
    return new LocalRunner(cmd);
  }

  /** Sets a variable in the child's environment. */
  public LocalRunner env(String name, String value) {
    env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
    return this;
  }

  /** Removes a variable from the child's environment. */
  public LocalRunner unset(String name) {
    env.remove(name);
    return this;
  }

  /**
   * Starts the child from an environment as bare as a Mesos agent's (DESIGN §2: the agent's own
   * environment is not inherited): only {@code PATH} and {@code JAVA_HOME} are kept, so there is no
   * {@code LANG} and no {@code LC_*}, and the runs' class-data cache, which an operator would set
   * in ExecutorInfo too. Variables set afterwards are added to it.
   */
  public LocalRunner agentEnvironment() {
    env.keySet().retainAll(List.of("PATH", "JAVA_HOME", CDS_DIR));
    return this;
  }

  /** The child's working directory (default: the repository root). */
  public LocalRunner in(Path dir) {
    directory = dir;
    return this;
  }

  /** How long {@link RunningScript#await()} waits before it destroys the process tree. */
  public LocalRunner timeout(Duration limit) {
    timeout = Objects.requireNonNull(limit);
    return this;
  }

  /**
   * Starts the child with SIGINT at its default action. A child started from a background job
   * inherits SIGINT ignored, and a JVM keeps an ignored SIGINT ignored; {@code env
   * --default-signal} (GNU coreutils 8.31+) resets it and then execs, so the child's pid is still
   * the JVM's. Without it the disposition is left as inherited; tests check {@link
   * RunningScript#ignoresSigint()}.
   */
  public LocalRunner withDefaultSigint() {
    defaultSigint = true;
    return this;
  }

  /** Starts the child; its stdout and stderr are read as they come. */
  public RunningScript start() throws IOException {
    if (sharedCache().toString().equals(env.get(CDS_DIR))) {
      try {
        fillSharedCache();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while filling the shared class-data cache", e);
      }
    }
    List<String> cmd = new ArrayList<>();
    if (defaultSigint && envResetsSignals()) {
      cmd.addAll(List.of("env", "--default-signal=INT"));
    }
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    return new RunningScript(pb.start(), String.join(" ", command), timeout);
  }

  /** Starts the child and waits for it to end. */
  public ScriptOutput run() throws IOException, InterruptedException {
    try (RunningScript running = start()) {
      return running.await();
    }
  }

  private static Boolean envResets;

  private static synchronized boolean envResetsSignals() {
    if (envResets == null) {
      try {
        Process p =
            new ProcessBuilder("env", "--default-signal=INT", "true")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        envResets = p.waitFor() == 0;
      } catch (IOException e) {
        envResets = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        envResets = false;
      }
    }
    return envResets;
  }

  /** Writes {@code text} to {@code dir/name} and returns the path, for TASKFILEs. */
  public static Path writeFile(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
