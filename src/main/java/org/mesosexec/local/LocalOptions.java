package org.mesosexec.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos.FrameworkInfo.Capability;
import org.mesosexec.text.Quote;

/**
 * The options of {@code run-executor.sh --local TASKFILE [options] [default command...]} (DESIGN
 * §3). Hand-parsed: a handful of options does not justify a CLI library on every agent.
 *
 * @param taskFile the TaskInfo JSON file
 * @param sandbox the sandbox to use, or empty for a new temporary one
 * @param kills task kills, timed from registration
 * @param messages framework messages to the executor, timed from registration
 * @param shutdownAfter when to ask the executor to shut down, if at all
 * @param checkpoint whether the simulated framework checkpoints
 * @param agentRestart when the simulated agent restarts (it is away for {@link #AGENT_DOWNTIME}),
 *     if at all
 * @param capabilities the simulated framework's capabilities
 * @param defaultCommand the executor's trailing arguments
 */
public record LocalOptions(
    Path taskFile,
    Optional<Path> sandbox,
    List<Timed<String>> kills,
    List<Timed<String>> messages,
    Optional<Duration> shutdownAfter,
    boolean checkpoint,
    Optional<Duration> agentRestart,
    List<Capability.Type> capabilities,
    List<String> defaultCommand) {

  private static final java.util.regex.Pattern SECONDS =
      java.util.regex.Pattern.compile("[0-9]{1,9}(\\.[0-9]*)?|\\.[0-9]+");

  /** How long the simulated agent is away when it restarts. */
  public static final Duration AGENT_DOWNTIME = Duration.ofSeconds(1);

  public static final String USAGE =
      "usage: run-executor.sh --local TASKFILE [--sandbox DIR] [--kill TASK_ID@SECONDS]..."
          + " [--shutdown-after SECONDS] [--message JSON@SECONDS]... [--checkpoint]"
          + " [--agent-restart SECONDS] [--framework-capability NAME]... [DEFAULT COMMAND...]";

  /**
   * Something that happens a number of seconds after registration.
   *
   * @param value what happens
   * @param after when, counted from registration
   */
  public record Timed<T>(T value, Duration after) {}

  /**
   * Parses the arguments that follow {@code --local}.
   *
   * @throws IllegalArgumentException with a message for the user (the usage is added by the caller)
   */
  public static LocalOptions parse(List<String> args) {
    Parsed p = new Parsed();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!p.rest.isEmpty() || (p.taskFile != null && !a.startsWith("--"))) {
        p.rest.add(a);
      } else if (a.equals("--")) {
        p.rest.addAll(args.subList(i + 1, args.size()));
        break;
      } else {
        i = p.take(args, i);
      }
    }
    return p.options();
  }

  /** The options read so far. */
  private static final class Parsed {
    Path taskFile;
    Optional<Path> sandbox = Optional.empty();
    final List<Timed<String>> kills = new ArrayList<>();
    final List<Timed<String>> messages = new ArrayList<>();
    Optional<Duration> shutdownAfter = Optional.empty();
    boolean checkpoint;
    Optional<Duration> agentRestart = Optional.empty();
    final List<Capability.Type> caps = new ArrayList<>();
    final List<String> rest = new ArrayList<>();

    /** Takes the option at {@code i} (or the TASKFILE); returns the index of its last word. */
    int take(List<String> args, int i) {
      String a = args.get(i);
      switch (a) {
        case "--sandbox" -> sandbox = Optional.of(Path.of(value(args, ++i, a)));
        case "--kill" -> kills.add(timed(value(args, ++i, a), a));
        case "--message" -> messages.add(timed(value(args, ++i, a), a));
        case "--shutdown-after" -> shutdownAfter = Optional.of(seconds(value(args, ++i, a), a));
        case "--checkpoint" -> checkpoint = true;
        case "--agent-restart" -> agentRestart = Optional.of(seconds(value(args, ++i, a), a));
        case "--framework-capability" -> caps.add(capability(value(args, ++i, a)));
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + Quote.cut(a));
          }
          taskFile = Path.of(a);
        }
      }
      return i;
    }

    LocalOptions options() {
      if (taskFile == null) {
        throw new IllegalArgumentException("TASKFILE is missing");
      }
      return new LocalOptions(
          taskFile, sandbox, kills, messages, shutdownAfter, checkpoint, agentRestart, caps, rest);
    }
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  /**
   * {@code VALUE@SECONDS}, split at the last '@' so that JSON values may contain one.
   *
   * @param option names the option in the message of the {@link IllegalArgumentException}
   */
  public static Timed<String> timed(String text, String option) {
    int at = text.lastIndexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException(
          option + " " + Quote.cut(text) + ": expected VALUE@SECONDS");
    }
    return new Timed<>(text.substring(0, at), seconds(text.substring(at + 1), option));
  }

  private static Duration seconds(String text, String option) {
    if (!SECONDS.matcher(text).matches()) {
      throw new IllegalArgumentException(
          option + ": '" + Quote.cut(text) + "' is not a number of seconds (for example 2 or 0.5)");
    }
    return Duration.ofNanos(new java.math.BigDecimal(text).movePointRight(9).longValue());
  }

  /** A framework capability by its name in mesos.proto ({@code TASK_KILLING_STATE}). */
  public static Capability.Type capability(String name) {
    try {
      return Capability.Type.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--framework-capability: unknown capability '"
              + Quote.cut(name)
              + "'; known: "
              + Arrays.toString(Capability.Type.values()));
    }
  }
}
