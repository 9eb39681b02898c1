package org.mesosexec.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.Environment;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.Resource;
import org.apache.mesos.Protos.Value;

/**
 * Builds the {@code ExecutorInfo} that runs this executor on an agent: the distribution archive
 * fetched and extracted into the sandbox, {@code run-executor.sh} from it as the command, {@code
 * JAVA_HOME} and settings in its environment (an agent passes its own on to no executor), the
 * executor's own resources, and the jars of JVM tasks, fetched beside it and named in {@code
 * EXECUTOR_JVM_CLASSPATH}. Tasks that name the same executor id on an agent share one executor, and
 * must carry the same {@code ExecutorInfo}. Not thread-safe.
 *
 * <pre>{@code
 * ExecutorInfo executor = ExecutorSetup.fromArchive(URI.create("https://repo/mesos-task-executor.tar.gz"))
 *     .javaHome("/usr/lib/jvm/java-17-openjdk-amd64")
 *     .setting("EXECUTOR_IDLE_TIMEOUT", "30secs")
 *     .build("jobs-executor");
 * }</pre>
 */
public final class ExecutorSetup {
  /** Where {@code run-executor.sh} is once the archive is extracted (its top directory). */
  public static final String DEFAULT_SCRIPT = "mesos-task-executor/run-executor.sh";

  /** The executor's own share of an offer, unless set: 0.1 CPUs and 128 MB. */
  public static final double DEFAULT_CPUS = 0.1;

  public static final double DEFAULT_MEM_MB = 128;

  private static final String CLASSPATH = "EXECUTOR_JVM_CLASSPATH";

  private final URI archive;
  private String script = DEFAULT_SCRIPT;
  private String name = "mesos-task-executor";
  private double cpus = DEFAULT_CPUS;
  private double memMb = DEFAULT_MEM_MB;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<CommandInfo.URI> jars = new ArrayList<>();
  private final List<String> classpath = new ArrayList<>();

  private ExecutorSetup(URI archive) {
    this.archive = Objects.requireNonNull(archive);
  }

  /**
   * An executor fetched from {@code archive}: {@code target/mesos-task-executor.tar.gz} served
   * where the agents can fetch it (http, https, hdfs, or a {@code file} path every agent sees).
   */
  public static ExecutorSetup fromArchive(URI archive) {
    return new ExecutorSetup(archive);
  }

  /** The script's path in the extracted archive, if not {@link #DEFAULT_SCRIPT}. */
  public ExecutorSetup script(String path) {
    this.script = SpecChecks.relative(path, "script");
    return this;
  }

  /** {@code ExecutorInfo.name}. */
  public ExecutorSetup name(String name) {
    this.name = Objects.requireNonNull(name);
    return this;
  }

  /** The Java 17+ the script runs the executor with, when the agent has none on its PATH. */
  public ExecutorSetup javaHome(String path) {
    return setting("JAVA_HOME", path);
  }

  /**
   * A variable of the executor's environment: one of its settings ({@code EXECUTOR_*}, README
   * "Settings"), {@code JAVA_OPTS}, {@code MESOS_NATIVE_JAVA_LIBRARY}... Tasks inherit them.
   */
  public ExecutorSetup setting(String variable, String value) {
    if (variable.equals(CLASSPATH)) {
      throw new IllegalArgumentException(
          CLASSPATH + " is made from jvmJar(...) and jvmClasspath(...)");
    }
    if (variable.isEmpty() || variable.indexOf('=') >= 0) {
      throw new IllegalArgumentException("not a variable name: " + variable);
    }
    environment.put(variable, SpecChecks.text(value, variable));
    return this;
  }

  /** The executor's own resources (its JVM), apart from its tasks'. */
  public ExecutorSetup resources(double cpus, double memMb) {
    if (!(cpus > 0) || !(memMb > 0)) {
      throw new IllegalArgumentException("executor cpus and mem must be positive");
    }
    this.cpus = cpus;
    this.memMb = memMb;
    return this;
  }

  /**
   * A jar of JVM tasks, fetched into the sandbox as {@code fileName} and put on {@code
   * EXECUTOR_JVM_CLASSPATH}, where serialized tasks' classes are looked up.
   */
  public ExecutorSetup jvmJar(URI jar, String fileName) {
    if (fileName.contains("/")) {
      throw new IllegalArgumentException("a jar's file name has no '/': " + fileName);
    }
    SpecChecks.relative(fileName, "jar file name");
    jars.add(
        CommandInfo.URI
            .newBuilder()
            .setValue(jar.toString())
            .setExtract(false)
            .setOutputFile(fileName)
            .build());
    classpath.add(fileName);
    return this;
  }

  /** A jar fetched as its URI's last path segment; see {@link #jvmJar(URI, String)}. */
  public ExecutorSetup jvmJar(URI jar) {
    String path = Objects.requireNonNullElse(jar.getPath(), "");
    return jvmJar(jar, path.substring(path.lastIndexOf('/') + 1));
  }

  /** Another sandbox-relative entry (a glob such as {@code lib/*.jar}) of the class path. */
  public ExecutorSetup jvmClasspath(String entry) {
    classpath.add(SpecChecks.relative(entry, CLASSPATH + " entry"));
    return this;
  }

  /** An executor of its own for one task: id {@code mesos-task-executor-<task id>}. */
  public ExecutorInfo buildForTask(String taskId) {
    return build("mesos-task-executor-" + taskId);
  }

  /** The {@code ExecutorInfo}, with id {@code executorId}. */
  public ExecutorInfo build(String executorId) {
    CommandInfo.Builder command =
        CommandInfo.newBuilder()
            .setShell(true)
            .setValue(script)
            .addUris(CommandInfo.URI.newBuilder().setValue(archive.toString()).setExtract(true))
            .addAllUris(jars);
    Environment.Builder env = Environment.newBuilder();
    environment.forEach((k, v) -> env.addVariablesBuilder().setName(k).setValue(v));
    if (!classpath.isEmpty()) {
      env.addVariablesBuilder().setName(CLASSPATH).setValue(String.join(":", classpath));
    }
    return ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
        .setName(name)
        .setCommand(command.setEnvironment(env))
        .addResources(scalar("cpus", cpus))
        .addResources(scalar("mem", memMb))
        .build();
  }

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .build();
  }
}
