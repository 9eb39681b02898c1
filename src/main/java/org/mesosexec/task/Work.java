package org.mesosexec.task;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Objects;
import org.mesosexec.jvm.JvmSpec;

/** What a task runs: a command (a shell command or a program with its arguments) or a JVM task. */
public sealed interface Work {
  /** Work that is an OS command, with an argv. */
  sealed interface Command extends Work {
    /** The argv handed to the OS. */
    List<String> argv();
  }

  /** A JVM task: named by a {@code jvm} spec, or sent Java-serialized. */
  sealed interface Jvm extends Work {
    /** Where it runs. */
    JvmSpec.Isolation isolation();
  }

  /** A command line run by {@code /bin/sh -c}. */
  record Shell(String command) implements Command {
    public Shell {
      if (command.isBlank()) {
        throw new InvalidTaskException("\"command\" is empty");
      }
    }

    @Override
    public List<String> argv() {
      return List.of("/bin/sh", "-c", command);
    }

    /**
     * The record's own form, written out: the generated one is made at its first call, which is the
     * log line of a task's start, at a cost of about 10 ms of the first task's start-up.
     */
    @Override
    public String toString() {
      return "Shell[command=" + command + "]";
    }
  }

  /** A program exec'd directly, no shell involved; {@code args.get(0)} is the program. */
  record Exec(List<String> args) implements Command {
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

    /** The record's own form, written out: see {@link Shell#toString()}. */
    @Override
    public String toString() {
      return "Exec[args=" + args + "]";
    }
  }

  /** The class a task spec's {@code jvm} key names. */
  record JvmClass(JvmSpec spec) implements Jvm {
    public JvmClass {
      Objects.requireNonNull(spec);
    }

    @Override
    public JvmSpec.Isolation isolation() {
      return spec.isolation();
    }

    /** What names it in logs: its class and isolation, not its arguments, which may be large. */
    @Override
    public String toString() {
      return "JvmClass[" + spec.className() + ", " + spec.isolation() + "]";
    }
  }

  /**
   * A Java-serialized {@code Task} from {@code TaskInfo.data}: always on a thread, its result
   * Java-serialized.
   */
  record JvmObject(ByteString data) implements Jvm {
    public JvmObject {
      Objects.requireNonNull(data);
    }

    @Override
    public JvmSpec.Isolation isolation() {
      return JvmSpec.Isolation.THREAD;
    }

    @Override
    public String toString() {
      return "JvmObject[" + data.size() + " bytes]";
    }
  }
}
