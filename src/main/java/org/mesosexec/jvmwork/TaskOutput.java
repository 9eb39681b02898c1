package org.mesosexec.jvmwork;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where {@code System.out} and {@code System.err} go for the threads of JVM tasks: each task's own
 * {@code stdout} and {@code stderr} files, for its thread and the threads it starts (they inherit
 * the route); everything else goes to the streams the JVM had when the routing was installed. The
 * executor's own threads never inherit a route ({@link org.mesosexec.time.Threads}), so a pool
 * thread a task happens to create stays the executor's. A write after the task has ended (from a
 * thread it left behind) is dropped. One instance per task; {@link #install} once per JVM.
 */
public final class TaskOutput implements AutoCloseable {
  private static final InheritableThreadLocal<TaskOutput> ROUTE = new InheritableThreadLocal<>();
  private static boolean installed;

  private final OutputStream out;
  private final OutputStream err;
  private volatile boolean closed;

  private TaskOutput(OutputStream out, OutputStream err) {
    this.out = Objects.requireNonNull(out);
    this.err = Objects.requireNonNull(err);
  }

  /**
   * Opens a task's output files for appending, unbuffered, so that what the task prints reaches
   * them (and the progress parsing) as soon as it is printed.
   */
  static TaskOutput open(Path stdout, Path stderr) throws IOException {
    FileOutputStream out = new FileOutputStream(stdout.toFile(), true);
    try {
      return new TaskOutput(out, new FileOutputStream(stderr.toFile(), true));
    } catch (IOException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Replaces {@code System.out} and {@code System.err} by the routing streams, once; what was
   * captured before (the local mode's JSON lines) is untouched.
   */
  static synchronized void install() {
    if (installed) {
      return;
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(new PrintStream(new Router(out, o -> o.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Router(err, o -> o.err), true, StandardCharsets.UTF_8));
    installed = true;
  }

  /** The calling thread, and the threads it starts from now on, print into this task's files. */
  void route() {
    ROUTE.set(this);
  }

  /** The calling thread prints where the executor's threads do. */
  static void unroute() {
    ROUTE.remove();
  }

  /** Writes that still come (from threads the task left behind) are dropped. */
  @Override
  public void close() {
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      // The file was only appended to: nothing is lost by failing to close it.
    }
    try {
      err.close();
    } catch (IOException e) {
      // As above.
    }
  }

  /** One of the two streams, choosing its target by the writing thread's route. */
  private static final class Router extends OutputStream {
    private final OutputStream fallback;
    private final Function<TaskOutput, OutputStream> which;

    Router(OutputStream fallback, Function<TaskOutput, OutputStream> which) {
      this.fallback = fallback;
      this.which = which;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      TaskOutput task = ROUTE.get();
      if (task == null) {
        fallback.write(b, off, len);
      } else if (!task.closed) {
        try {
          which.apply(task).write(b, off, len);
        } catch (IOException e) {
          // The task's file is gone or full: its output is lost, never sent to the executor's.
        }
      }
    }

    @Override
    public void flush() throws IOException {
      if (ROUTE.get() == null) {
        fallback.flush();
      }
    }
  }
}
