package org.mesosexec.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mesosexec.jvm.ChildRequest;
import org.mesosexec.jvmwork.ChildJvmWork;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.work.RunningWork;

/**
 * Work that is a JVM task in a child JVM of its own ({@code "isolation": "process"}): a process
 * task like any other (its kill, its tree, its grace, its leftovers), whose command is {@code
 * ${java.home}/bin/java -Xmx<heap_mb>m -cp <the executor's jar> org.mesosexec.jvm.ChildMain
 * <request file>}; its result comes back through the outcome file ({@link ChildJvmWork}).
 */
final class ChildJvmRunner implements WorkRunner {
  static final String CHILD_MAIN = "org.mesosexec.jvm.ChildMain";

  private final TaskContext ctx;
  private final String taskId;
  private final Work.JvmClass work;

  ChildJvmRunner(TaskContext ctx, String taskId, Work.JvmClass work) {
    this.ctx = Objects.requireNonNull(ctx);
    this.taskId = Objects.requireNonNull(taskId);
    this.work = Objects.requireNonNull(work);
  }

  @Override
  public void checkUser(Optional<String> user) throws LaunchException {
    ctx.launcher().checkUser(user);
  }

  @Override
  public RunningWork start(LaunchRequest request) throws LaunchException {
    Path dir = request.directory();
    Path requestFile = dir.resolve(ChildJvmWork.REQUEST_FILE);
    Path outcome = dir.resolve(ChildRequest.OUTCOME_FILE);
    ChildRequests.write(ctx, taskId, work.spec(), dir, requestFile);
    LaunchRequest child =
        new LaunchRequest(
            argv(requestFile),
            request.environment(),
            dir,
            request.stdout(),
            request.stderr(),
            request.user());
    return new ChildJvmWork(ctx.launcher().launch(child), outcome);
  }

  /** The child JVM's command line: this JVM's java, the executor's own jar. */
  List<String> argv(Path requestFile) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Xmx" + work.spec().heapMb().orElse(JvmSection.DEFAULT_HEAP_MB) + "m");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(CHILD_MAIN);
    argv.add(requestFile.toString());
    return argv;
  }
}
