package org.mesosexec.task;

import java.util.List;

/** What a task runs: a shell command or a program with its arguments. */
public sealed interface Work {
  /** The argv handed to the OS. */
  List<String> argv();

  /** A command line run by {@code /bin/sh -c}. */
  record Shell(String command) implements Work {
    public Shell {
      if (command.isBlank()) {
        throw new InvalidTaskException("\"command\" is empty");
      }
    }

    @Override
    public List<String> argv() {
      return List.of("/bin/sh", "-c", command);
    }
  }

  /** A program exec'd directly, no shell involved; {@code args.get(0)} is the program. */
  record Exec(List<String> args) implements Work {
    public Exec {
      args = List.copyOf(args);
      if (args.isEmpty() || args.get(0).isEmpty()) {
        throw new InvalidTaskException("\"argv\" is empty; it needs at least the program to run");
      }
    }

    @Override
    public List<String> argv() {
      return args;
    }
  }
}
