package org.mesosexec.task;

import org.mesosexec.jvm.JvmSpec;

/** Which {@link WorkRunner} runs a task's work: a property of its spec. Stateless. */
final class Runners {
  private Runners() {}

  static WorkRunner of(TaskContext ctx, String taskId, Work work) {
    if (work instanceof Work.Jvm jvm) {
      return jvm.isolation() == JvmSpec.Isolation.PROCESS
          ? new ChildJvmRunner(ctx, taskId, (Work.JvmClass) jvm)
          : new ThreadRunner(ctx.jvm(), taskId, jvm);
    }
    return new ProcessWork(ctx.launcher());
  }
}
