package org.mesosexec.task;

import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CommandInfo;
import org.mesosexec.health.Probe;
import org.mesosexec.text.Quote;

/**
 * The fields of a check's probe as Mesos validates them (the command, the port, the path), each
 * refusal naming the field by its prefix. Stateless.
 */
final class ProbeFields {
  private ProbeFields() {}

  static Probe.Command command(Optional<CommandInfo> given, String at) {
    CommandInfo command =
        given.orElseThrow(
            () ->
                new InvalidTaskException(
                    at + " is missing: a COMMAND check needs the command to run"));
    if (!command.hasValue() || command.getValue().isBlank()) {
      throw new InvalidTaskException(
          at
              + ".value is missing: a COMMAND check needs "
              + (command.getShell() ? "the shell command" : "the program to run"));
    }
    Work.Command work = TaskSources.work(command, at);
    Map<String, String> env = TaskSources.environment(command, at);
    FieldLimits.total(work.argv(), env);
    return new Probe.Command(work.argv(), env, TaskSources.user(command, at));
  }

  static void require(boolean present, String at, String what) {
    if (!present) {
      throw new InvalidTaskException(at + " is missing: " + what + " needs it");
    }
  }

  static int port(boolean present, int port, String at) {
    if (!present) {
      throw new InvalidTaskException(at + " is missing");
    }
    long p = Integer.toUnsignedLong(port);
    if (p < 1 || p > 65535) {
      throw new InvalidTaskException(at + " must be between 1 and 65535, got " + p);
    }
    return (int) p;
  }

  static String path(String path, String at) {
    FieldLimits.text(path, at);
    if (!path.isEmpty() && !path.startsWith("/")) {
      throw new InvalidTaskException(at + " must start with '/', got \"" + Quote.cut(path) + "\"");
    }
    return path;
  }
}
