package org.mesosexec.jvm;

import org.mesosexec.api.Task;

/**
 * The parent of every task's class loader: the JDK (the platform class loader) and the classes of
 * {@code org.mesosexec.api}, nothing else. A task never sees the executor's classes or libraries
 * (Log4j, Gson, JNA, protobuf), so its own versions of them do not conflict. This is about
 * conflicts, not a security boundary: a task can still reach the application class loader by name.
 */
final class ApiOnlyLoader extends ClassLoader {
  // Before INSTANCE is made: a loader is parallel capable only if its class registered first, and
  // every task's loader asks this one for each JDK class it links, all tasks at once.
  static {
    registerAsParallelCapable();
  }

  static final ApiOnlyLoader INSTANCE = new ApiOnlyLoader();

  private static final String API_PACKAGE = Task.class.getPackageName();

  private ApiOnlyLoader() {
    super("mesos-task-api", ClassLoader.getPlatformClassLoader());
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    int dot = name.lastIndexOf('.');
    if (dot > 0 && name.substring(0, dot).equals(API_PACKAGE)) {
      return Class.forName(name, false, Task.class.getClassLoader());
    }
    return super.loadClass(name, resolve);
  }
}
