package org.mesosexec.jvm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.mesosexec.api.Task;
import org.mesosexec.api.TaskContext;

/**
 * A class with {@code public static void main(String[])} run as a {@link Task}: what {@code main}
 * throws is what the task throws, and it returns no result. Made by the executor, never sent, so it
 * is not meant to be serialized.
 */
final class MainTask implements Task<Void> {
  private static final long serialVersionUID = 1L;

  private final transient Method main;
  private final transient String[] args;

  MainTask(Method main, String[] args) {
    this.main = main;
    this.args = args.clone();
  }

  @Override
  public Void run(TaskContext context) throws Exception {
    try {
      main.invoke(null, (Object) args.clone());
      return null;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return main.getDeclaringClass().getName() + ".main";
  }
}
