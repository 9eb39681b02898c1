package org.mesosexec.jvm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.mesosexec.api.TaskContext;

/**
 * The main class of a child JVM that runs one JVM task with {@code "isolation": "process"}: {@code
 * java -Xmx<heap>m -cp <executor jar> org.mesosexec.jvm.ChildMain <request file>} (a {@link
 * ChildRequest}). It loads the task without rewriting its exit calls, so {@code System.exit(N)}
 * ends this JVM with status N; runs it on the main thread; writes the {@link JvmOutcome} to the
 * request's outcome file; and exits 0 when it FINISHED, 1 when it FAILED, 2 when it could not be
 * loaded (outcome INVALID) or the request could not be read (no outcome). {@link
 * TaskContext#progress} prints {@code progress: <percent> <message>} lines on standard output,
 * where the executor's progress parsing reads them. {@link TaskContext#killRequested} stays false:
 * a kill reaches this JVM as signals.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the request named by {@code args} and returns the exit status. */
  static int run(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ChildMain <request file>");
      return 2;
    }
    ChildRequest request;
    try {
      request = ChildRequest.read(Path.of(args[0]));
    } catch (IOException e) {
      System.err.println("cannot read the JVM task's request: " + e.getMessage());
      return 2;
    }
    JvmOutcome outcome = outcome(request);
    try {
      outcome.write(request.outcomeFile());
    } catch (IOException e) {
      System.err.println("cannot write the JVM task's outcome: " + e.getMessage());
      return 1;
    }
    return switch (outcome.kind()) {
      case FINISHED -> 0;
      case FAILED -> 1;
      case INVALID -> 2;
    };
  }

  private static JvmOutcome outcome(ChildRequest request) {
    JvmLoader loader = JvmLoader.forChild(request.settings(), request.sandbox());
    LoadedTask task;
    try {
      task =
          request.spec().isPresent()
              ? loader.fromSpec(request.spec().get())
              : loader.fromSerialized(request.serialized());
    } catch (JvmTaskException e) {
      return new JvmOutcome(JvmOutcome.Kind.INVALID, e.getMessage(), new byte[0]);
    }
    try (task) {
      Context context = new Context(request, task.argsJson(), System.out);
      return JvmOutcome.run(task, context, request.result(), request.settings().maxResultBytes());
    }
  }

  /** The task's context in a child JVM: progress goes to the JVM's original standard output. */
  private record Context(ChildRequest request, String argsJson, PrintStream out)
      implements TaskContext {
    @Override
    public String taskId() {
      return request.taskId();
    }

    @Override
    public Path directory() {
      return request.directory();
    }

    @Override
    public void progress(int percent, String message) {
      String line = "progress: " + Math.max(0, Math.min(100, percent)) + " " + oneLine(message);
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }

    @Override
    public boolean killRequested() {
      return false;
    }

    private static String oneLine(String message) {
      return message == null ? "" : message.replaceAll("[\\r\\n]+", " ");
    }
  }
}
