package org.mesosexec.examples;

import org.mesosexec.api.Task;
import org.mesosexec.api.TaskContext;

/**
 * A task that ignores interrupts and never ends on its own: it works in steps of a second, and when
 * a kill interrupts it, it says so on its {@code stdout} and goes on. Such code is what {@code
 * "isolation": "process"} is for: there the kill signals the task's own JVM, which ends whatever
 * the code does (see {@code conf/examples/jvm-process.json}). On the executor's threads the same
 * task would be abandoned at the end of its kill grace period.
 */
public final class Stubborn implements Task<Void> {
  private static final long serialVersionUID = 1L;

  @Override
  public Void run(TaskContext context) {
    for (long step = 1; ; step++) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        System.out.println("interrupted at step " + step + "; carrying on regardless");
      }
      context.progress((int) Math.min(step, 99), "step " + step + " of forever");
    }
  }
}
