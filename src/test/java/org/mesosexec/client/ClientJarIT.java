package org.mesosexec.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.Test;
import org.mesosexec.testing.LocalRunner;

/**
 * The api jar ({@code target/mesos-task-executor-api.jar}) that framework authors depend on: every
 * class in it loads, and the client works, with only the Mesos protos and protobuf-java beside it.
 */
public class ClientJarIT {
  private static final Path JAR =
      LocalRunner.projectRoot().resolve("target/mesos-task-executor-api.jar");

  private static URL jarOf(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  private static URLClassLoader frameworkClassPath() throws Exception {
    return new URLClassLoader(
        new URL[] {
          JAR.toUri().toURL(),
          jarOf(org.apache.mesos.Protos.class),
          jarOf(com.google.protobuf.Message.class)
        },
        ClassLoader.getPlatformClassLoader());
  }

  @Test
  public void everyClassOfTheApiJarLoadsWithOnlyMesosAndProtobufBesideIt() throws Exception {
    assertTrue(JAR + " is built by mvn package", Files.isRegularFile(JAR));
    List<String> classes = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : java.util.Collections.list(jar.entries())) {
        String name = e.getName();
        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
          classes.add(name.substring(0, name.length() - 6).replace('/', '.'));
        }
      }
    }
    assertTrue(classes.toString(), classes.contains("org.mesosexec.client.TaskData"));
    assertTrue(
        classes.toString(),
        classes.stream()
            .allMatch(
                c -> c.startsWith("org.mesosexec.api.") || c.startsWith("org.mesosexec.client.")));
    try (URLClassLoader loader = frameworkClassPath()) {
      for (String c : classes) {
        Class.forName(c, true, loader);
      }
    }
  }

  @Test
  public void theBuildersAndDecodersRunWithOnlyMesosAndProtobufBesideThem() throws Exception {
    try (URLClassLoader loader = frameworkClassPath()) {
      Class<?> data = Class.forName("org.mesosexec.client.TaskData", true, loader);
      Object spec = data.getMethod("command", String.class).invoke(null, "echo hi");
      data.getMethod("env", String.class, String.class).invoke(spec, "A", "b");
      assertEquals(
          "{\"command\":\"echo hi\",\"env\":{\"A\":\"b\"}}", data.getMethod("toJson").invoke(spec));

      Class<?> message = Class.forName("org.mesosexec.client.ExecutorMessage", true, loader);
      Object parsed =
          message
              .getMethod("parse", byte[].class)
              .invoke(
                  null,
                  (Object)
                      "{\"task-id\":\"t\",\"exit-code\":2}"
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertEquals("Optional[ExitCode[taskId=t, exitCode=2]]", parsed.toString());
    }
  }
}
