package org.mesosexec.settings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mesosexec.text.Quote;

/**
 * What the agent tells the executor through its environment (DESIGN §2), read and validated once at
 * start-up with the other {@link Settings}: a value that does not parse is an error naming its
 * variable, never a silent default.
 *
 * @param checkpoint {@code MESOS_CHECKPOINT}: the framework checkpoints, so tasks outlive a lost
 *     agent
 * @param recoveryTimeout {@code MESOS_RECOVERY_TIMEOUT}: how long to wait for a lost agent (default
 *     15 minutes, as the agent's flag)
 * @param directory {@code MESOS_DIRECTORY}: the sandbox as the agent's host sees it
 * @param sandbox {@code MESOS_SANDBOX}: the sandbox as the executor sees it (inside a container)
 * @param agentPid {@code MESOS_SLAVE_PID}: set only when an agent started the executor
 * @param nativeLibrary {@code MESOS_NATIVE_JAVA_LIBRARY}: where libmesos is, if set
 */
public record AgentEnvironment(
    boolean checkpoint,
    Duration recoveryTimeout,
    Optional<Path> directory,
    Optional<Path> sandbox,
    Optional<String> agentPid,
    Optional<String> nativeLibrary) {

  public AgentEnvironment {
    Objects.requireNonNull(recoveryTimeout);
    Objects.requireNonNull(directory);
    Objects.requireNonNull(sandbox);
    Objects.requireNonNull(agentPid);
    Objects.requireNonNull(nativeLibrary);
  }

  /**
   * Reads the agent's variables from {@code env}.
   *
   * @throws SettingsException naming the first variable that does not parse
   */
  public static AgentEnvironment fromEnvironment(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new AgentEnvironment(
        r.get("MESOS_CHECKPOINT", "0", AgentEnvironment::flag),
        r.get("MESOS_RECOVERY_TIMEOUT", "15mins", Durations::parse),
        r.optional("MESOS_DIRECTORY", AgentEnvironment::absolutePath),
        r.optional("MESOS_SANDBOX", AgentEnvironment::absolutePath),
        Optional.ofNullable(env.get("MESOS_SLAVE_PID")),
        Optional.ofNullable(env.get("MESOS_NATIVE_JAVA_LIBRARY")));
  }

  /**
   * The same agent, as the local mode plays it: its sandbox at {@code sandbox} (both views), and
   * checkpointing as its {@code --checkpoint} option says.
   */
  public AgentEnvironment local(Path sandbox, boolean checkpoint) {
    return new AgentEnvironment(
        checkpoint,
        recoveryTimeout,
        Optional.of(sandbox),
        Optional.of(sandbox),
        agentPid,
        nativeLibrary);
  }

  /** The sandbox as the scheduler must be told it: {@code MESOS_DIRECTORY}, else {@code own}. */
  public Path hostSandbox(Path own) {
    return directory.orElse(own);
  }

  /** The agent writes {@code 1} or {@code 0}; anything else is a mistake worth stopping for. */
  private static boolean flag(String v) {
    return switch (v.trim()) {
      case "1" -> true;
      case "0" -> false;
      default ->
          throw new IllegalArgumentException(
              "'" + Quote.cut(v) + "' is neither 1 (checkpointing) nor 0");
    };
  }

  private static Path absolutePath(String v) {
    Path path;
    try {
      path = Path.of(v);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + Quote.cut(v) + "' is not a path");
    }
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("'" + Quote.cut(v) + "' must be an absolute path");
    }
    return path;
  }
}
