package org.mesosexec.hooks;

/** The points of a task's life where hooks run; each names its directory in the hooks dir. */
public enum HookPoint {
  /** Before the task's process starts: may add to its environment; a failure fails the task. */
  BEFORE_START,
  /** After the task's first healthy check; a failure kills the task. */
  AFTER_HEALTHY,
  /** Before the task gets SIGTERM; failures are logged and ignored. */
  BEFORE_TERMINATE;

  /** The subdirectory of {@code EXECUTOR_HOOKS_DIR} with this point's executables. */
  public String dirName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return dirName();
  }
}
