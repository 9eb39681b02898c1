package org.mesosexec.mesos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.mesos.Executor;
import org.apache.mesos.MesosExecutorDriver;
import org.apache.mesos.MesosNativeLibrary;
import org.apache.mesos.Protos.Status;
import org.mesosexec.settings.AgentEnvironment;

/**
 * The only place that touches libmesos. Its checks run before the JNI class loads, because libmesos
 * just calls {@code exit(1)} outside an agent and its loader throws on a missing library.
 */
public final class NativeDriver {
  private NativeDriver() {}

  /**
   * Returns why the native driver cannot run here, or empty when it can.
   *
   * @param agent the agent's variables
   */
  public static Optional<String> whyNot(AgentEnvironment agent) {
    if (agent.agentPid().isEmpty()) {
      return Optional.of(
          "MESOS_SLAVE_PID is not set: this executor must be started by a Mesos"
              + " agent (name run-executor.sh in ExecutorInfo.command). To run tasks without a"
              + " cluster, use: run-executor.sh --local TASKFILE");
    }
    return whyNotLoadable(agent, "or use --local to run without a cluster");
  }

  /**
   * Returns why libmesos cannot be loaded here (naming {@code MESOS_NATIVE_JAVA_LIBRARY} and where
   * it was looked for), or empty once it is loaded; loads no JNI class.
   *
   * @param agent the process's variables ({@code MESOS_NATIVE_JAVA_LIBRARY})
   * @param otherwise advice that ends the message
   */
  public static Optional<String> whyNotLoadable(AgentEnvironment agent, String otherwise) {
    String lib = agent.nativeLibrary().orElse(null);
    if (lib != null && !Files.isReadable(Path.of(lib))) {
      return Optional.of(
          "MESOS_NATIVE_JAVA_LIBRARY="
              + lib
              + " does not exist or is not readable;"
              + " point it at libmesos.so ("
              + otherwise
              + ")");
    }
    try {
      MesosNativeLibrary.load();
    } catch (UnsatisfiedLinkError e) {
      return Optional.of(
          "Cannot load libmesos ("
              + e.getMessage()
              + "; looked in java.library.path="
              + System.getProperty("java.library.path")
              + "). Set MESOS_NATIVE_JAVA_LIBRARY to the path of libmesos.so ("
              + otherwise
              + ")");
    }
    return Optional.empty();
  }

  /** Runs the driver until it stops; returns its final status. */
  public static Status run(Executor executor) {
    return new MesosExecutorDriver(executor).run();
  }
}
