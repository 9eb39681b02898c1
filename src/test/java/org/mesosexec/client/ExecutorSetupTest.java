package org.mesosexec.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.Environment;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.Resource;
import org.junit.Test;

/** The ExecutorInfo that runs this executor, as an agent would act on it. */
public class ExecutorSetupTest {
  private static Map<String, String> env(ExecutorInfo info) {
    return info.getCommand().getEnvironment().getVariablesList().stream()
        .collect(Collectors.toMap(Environment.Variable::getName, Environment.Variable::getValue));
  }

  @Test
  public void theArchiveIsExtractedAndItsScriptRunFromTheSandbox() {
    ExecutorInfo info =
        ExecutorSetup.fromArchive(URI.create("https://repo.example.com/mesos-task-executor.tar.gz"))
            .build("jobs");

    CommandInfo command = info.getCommand();
    assertEquals("jobs", info.getExecutorId().getValue());
    assertEquals("mesos-task-executor/run-executor.sh", command.getValue());
    assertEquals(true, command.getShell());
    assertEquals(
        List.of(
            CommandInfo.URI
                .newBuilder()
                .setValue("https://repo.example.com/mesos-task-executor.tar.gz")
                .setExtract(true)
                .build()),
        command.getUrisList());
    assertEquals(
        Map.of("cpus", 0.1, "mem", 128.0),
        info.getResourcesList().stream()
            .collect(Collectors.toMap(Resource::getName, r -> r.getScalar().getValue())));
  }

  @Test
  public void javaHomeSettingsAndJarsGoIntoTheEnvironment() {
    ExecutorInfo info =
        ExecutorSetup.fromArchive(URI.create("file:///srv/mesos-task-executor.tar.gz"))
            .javaHome("/usr/lib/jvm/java-17")
            .setting("EXECUTOR_JVM_SERIAL_FILTER", "com.acme.jobs.**")
            .jvmJar(URI.create("https://repo.example.com/jobs/acme-jobs-1.0.jar?sig=x"))
            .jvmJar(URI.create("hdfs://nn/lib/deps.jar"), "deps.jar")
            .jvmClasspath("lib/*.jar")
            .resources(0.5, 256)
            .buildForTask("train-1");

    assertEquals("mesos-task-executor-train-1", info.getExecutorId().getValue());
    assertEquals(
        Map.of(
            "JAVA_HOME", "/usr/lib/jvm/java-17",
            "EXECUTOR_JVM_SERIAL_FILTER", "com.acme.jobs.**",
            "EXECUTOR_JVM_CLASSPATH", "acme-jobs-1.0.jar:deps.jar:lib/*.jar"),
        env(info));
    CommandInfo.URI jar = info.getCommand().getUris(1);
    assertEquals("https://repo.example.com/jobs/acme-jobs-1.0.jar?sig=x", jar.getValue());
    assertEquals("acme-jobs-1.0.jar", jar.getOutputFile());
    assertEquals(false, jar.getExtract());
    assertEquals(256.0, info.getResources(1).getScalar().getValue(), 0);
  }

  @Test
  public void theClassPathIsOnlyMadeFromJars() {
    ExecutorSetup setup = ExecutorSetup.fromArchive(URI.create("file:///a.tar.gz"));

    assertThrows(
        IllegalArgumentException.class, () -> setup.setting("EXECUTOR_JVM_CLASSPATH", "x.jar"));
    assertThrows(IllegalArgumentException.class, () -> setup.jvmClasspath("/etc/x.jar"));
    assertThrows(IllegalArgumentException.class, () -> setup.resources(0, 64));
  }
}
