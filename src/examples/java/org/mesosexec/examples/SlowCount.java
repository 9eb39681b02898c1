package org.mesosexec.examples;

import java.util.List;
import org.mesosexec.api.Task;
import org.mesosexec.api.TaskContext;

/**
 * Counts to its {@code args} (a JSON array holding the number of steps, as a string, and the
 * milliseconds per step; default 10 steps of 500 ms), reporting progress after every step with
 * {@link TaskContext#progress}, and returns the number of steps. It honours a kill as long work
 * should: the interrupt ends its sleep with {@link InterruptedException}, which it lets through, so
 * the task ends {@code TASK_KILLED} at once.
 */
public final class SlowCount implements Task<Integer> {
  private static final long serialVersionUID = 1L;

  @Override
  public Integer run(TaskContext context) throws InterruptedException {
    List<String> args = JsonStrings.parse(context.argsJson());
    int steps = args.isEmpty() ? 10 : Integer.parseInt(args.get(0));
    long stepMillis = args.size() < 2 ? 500 : Long.parseLong(args.get(1));
    for (int step = 1; step <= steps; step++) {
      Thread.sleep(stepMillis);
      context.progress(step * 100 / steps, "step " + step + " of " + steps);
    }
    return steps;
  }
}
