package org.mesosexec.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mesosexec.text.Quote;
import org.mesosexec.work.RunningWork;

/**
 * Starts task processes, each in a new session so that the task's whole process group can be
 * signalled, and as another user through {@code setpriv(1)} when the executor runs as root: through
 * {@code posix_spawn}, with one thread that reaps them all ({@link ProcessTracker#spawnTask}), or,
 * where the host lacks it, through {@link ProcessBuilder} and {@code setsid(1)}, with a JDK thread
 * per process. Each task's processes carry their own marker in their environment, so that the
 * {@link ProcessTracker} can tell them apart.
 */
public final class OsProcessLauncher implements ProcessLauncher {
  private static final List<Path> SETPRIV =
      List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

  private final Signaller signaller;
  private final ProcessTracker tracker;
  private final Optional<Path> setsid;
  private final String executorUser = System.getProperty("user.name");

  public OsProcessLauncher(Signaller signaller, ProcessTracker tracker) {
    this.signaller = Objects.requireNonNull(signaller);
    this.tracker = Objects.requireNonNull(tracker);
    this.setsid = Setsid.path();
  }

  @Override
  public RunningWork launch(LaunchRequest request) throws LaunchException {
    NativeEncoding.requireEncodable(request.argv(), request.environment());
    List<String> command = new ArrayList<>(switchUser(request.user()));
    command.add(resolveProgram(request.argv().get(0), request));
    command.addAll(request.argv().subList(1, request.argv().size()));
    String marker = tracker.newMarker();
    Map<String, String> env = new HashMap<>(request.environment());
    env.put(ProcessTracker.MARKER_VARIABLE, marker);
    Optional<Process> spawned =
        tracker.spawnTask(command, env, request.directory(), request.stdout(), request.stderr());
    if (spawned.isPresent()) {
      return new OsTaskProcess(tracker.track(spawned.get(), marker), true, signaller);
    }
    TaskTree tree = tracker.track(spawnThroughJdk(command, env, request), marker);
    return new OsTaskProcess(tree, setsid.isPresent(), signaller);
  }

  /** Starts the process through setsid(1), when there is one, with a JDK thread to reap it. */
  private Process spawnThroughJdk(
      List<String> command, Map<String, String> env, LaunchRequest request) throws LaunchException {
    List<String> withSetsid = new ArrayList<>();
    setsid.ifPresent(p -> withSetsid.add(p.toString()));
    withSetsid.addAll(command);
    ProcessBuilder pb =
        new ProcessBuilder(withSetsid)
            .directory(request.directory().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(request.stdout().toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(request.stderr().toFile()));
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      return tracker.spawn(pb);
    } catch (IOException e) {
      throw new LaunchException(e.getMessage());
    }
  }

  /**
   * Finds the program the way execvp would, so that a missing or non-executable program fails the
   * launch with the OS error instead of a later exit status 127 from the wrapper.
   */
  private static String resolveProgram(String program, LaunchRequest request)
      throws LaunchException {
    if (program.contains("/")) {
      Path p = request.directory().resolve(program);
      checkExecutable(p, program);
      return program;
    }
    String path = request.environment().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(":", -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new LaunchException(
        "Failed to execute '"
            + Quote.cut(program)
            + "': No such file or directory (searched PATH="
            + Quote.cut(path)
            + ")");
  }

  private static void checkExecutable(Path p, String program) throws LaunchException {
    if (!Files.exists(p)) {
      throw new LaunchException(
          "Failed to execute '" + Quote.cut(program) + "': No such file or directory");
    }
    if (Files.isDirectory(p) || !Files.isExecutable(p)) {
      throw new LaunchException(
          "Failed to execute '" + Quote.cut(program) + "': Permission denied");
    }
  }

  @Override
  public void checkUser(Optional<String> user) throws LaunchException {
    if (user.isPresent() && !user.get().equals(executorUser) && !signaller.runningAsRoot()) {
      throw new LaunchException(
          "Cannot run the task as user '"
              + Quote.cut(user.get())
              + "': the executor runs as '"
              + executorUser
              + "', and only root can switch users");
    }
  }

  private List<String> switchUser(Optional<String> user) throws LaunchException {
    if (user.isEmpty() || user.get().equals(executorUser)) {
      return List.of();
    }
    String name = user.get();
    checkUser(user);
    Path setpriv =
        Setsid.firstExecutable(SETPRIV)
            .orElseThrow(
                () -> new LaunchException("Cannot run as '" + name + "': setpriv not found"));
    return List.of(
        setpriv.toString(),
        "--reuid=" + name,
        "--regid=" + primaryGroup(name),
        "--init-groups",
        "--");
  }

  /** The user's primary group id, looked up through NSS by {@code id(1)}. */
  private String primaryGroup(String user) throws LaunchException {
    try {
      Process p =
          tracker.spawn(new ProcessBuilder("id", "-g", "--", user).redirectErrorStream(true));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new LaunchException("Cannot run as user '" + user + "': no such user");
      }
      return out;
    } catch (IOException e) {
      throw new LaunchException("Cannot look up user '" + user + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("Interrupted while looking up user '" + user + "'");
    }
  }
}
