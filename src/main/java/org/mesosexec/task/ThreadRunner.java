package org.mesosexec.task;

import java.util.Objects;
import java.util.Optional;
import org.mesosexec.jvm.JvmSpec;
import org.mesosexec.jvm.JvmTaskException;
import org.mesosexec.jvm.LoadedTask;
import org.mesosexec.jvmwork.JvmThreads;
import org.mesosexec.process.LaunchException;
import org.mesosexec.process.LaunchRequest;
import org.mesosexec.work.RunningWork;

/**
 * Work that is a JVM task on the executor's threads ({@code "isolation": "thread"}, and every task
 * that came Java-serialized): loads it when it starts, on a worker, and queues it for a thread of
 * {@link JvmThreads}. A task that cannot be loaded is refused as invalid ({@link
 * InvalidTaskException}, TASK_ERROR). One per task.
 */
final class ThreadRunner implements WorkRunner {
  private final JvmThreads threads;
  private final String taskId;
  private final Work.Jvm work;

  ThreadRunner(JvmThreads threads, String taskId, Work.Jvm work) {
    this.threads = Objects.requireNonNull(threads);
    this.taskId = Objects.requireNonNull(taskId);
    this.work = Objects.requireNonNull(work);
  }

  /** A thread task runs as the executor's own user: there is no process to switch. */
  @Override
  public void checkUser(Optional<String> user) throws LaunchException {
    String own = System.getProperty("user.name");
    if (user.isPresent() && !user.get().equals(own)) {
      throw new LaunchException(
          "A JVM task on the executor's threads runs as the executor's user ("
              + own
              + "), not as '"
              + user.get()
              + "': give it \"isolation\": \"process\" to run it as another user");
    }
  }

  @Override
  public RunningWork start(LaunchRequest request) throws LaunchException {
    LoadedTask loaded;
    try {
      loaded =
          work instanceof Work.JvmClass jvm
              ? threads.loader().fromSpec(jvm.spec())
              : threads.loader().fromSerialized(((Work.JvmObject) work).data().toByteArray());
    } catch (JvmTaskException e) {
      throw new InvalidTaskException(e.getMessage());
    }
    JvmSpec.ResultFormat format =
        work instanceof Work.JvmClass jvm ? jvm.spec().result() : JvmSpec.ResultFormat.JAVA;
    return threads.start(
        taskId, loaded, format, request.directory(), request.stdout(), request.stderr());
  }
}
