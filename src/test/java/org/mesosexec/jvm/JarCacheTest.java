package org.mesosexec.jvm;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.api.Task;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.jvm.JvmOutcome.Kind;
import org.mesosexec.jvm.JvmSpec.Isolation;
import org.mesosexec.jvm.JvmSpec.ResultFormat;

public class JarCacheTest {
  private static final String JAR = "lib/versioned.jar";
  private static final String ONE = "gen.One";
  private static final String TWO = "gen.Two";

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private Path sandbox;
  private Path jar;
  private JvmLoader loader;

  @Before
  public void sandbox() {
    sandbox = temp.getRoot().toPath();
    jar = sandbox.resolve(JAR);
    loader = new JvmLoader(FixtureJar.settings(null), sandbox);
  }

  private static JvmSpec spec(String className) {
    return new JvmSpec(
        className, List.of(JAR), "null", Isolation.THREAD, ResultFormat.JSON, OptionalInt.empty());
  }

  /** Runs a task of {@code className} from the jar to its end: its JSON result. */
  private String result(String className) throws JvmTaskException {
    try (LoadedTask task = loader.fromSpec(spec(className))) {
      JvmOutcome outcome = JvmOutcome.run(task, new FakeContext("null"), ResultFormat.JSON, 1024);
      assertEquals(outcome.message(), Kind.FINISHED, outcome.kind());
      return new String(outcome.data(), StandardCharsets.UTF_8);
    }
  }

  @Test
  public void aJarReplacedBetweenTwoTasksRunsItsNewCode() throws Exception {
    VersionedJar.write(jar, "one", ONE);
    assertEquals("\"one\"", result(ONE));
    assertEquals("\"one\"", result(ONE));

    VersionedJar.replace(jar, "two", ONE);
    assertEquals("\"two\"", result(ONE));
  }

  @Test
  public void aJarRewrittenInPlaceWithAnotherSizeRunsItsNewCode() throws Exception {
    VersionedJar.write(jar, "one", ONE);
    assertEquals("\"one\"", result(ONE));

    VersionedJar.write(jar, "the second version", ONE);
    assertEquals("\"the second version\"", result(ONE));
  }

  /**
   * What tasks saw around a replacement of their jar: a task before it, a task started after it,
   * the old task's class not loaded before it and whether its resource held the old bytes, and a
   * task started later.
   */
  private record Seen(
      String before,
      String newTask,
      Object oldTaskClass,
      boolean oldTaskResourceOld,
      String later) {}

  /** The old task keeps the jar it started with; every task started after gets the new one. */
  private static final Seen OLD_KEPT = new Seen("\"one\"", "\"two\"", "one", true, "\"two\"");

  @Test
  public void aTaskStartedBeforeItsJarWasReplacedKeepsLoadingTheOldClasses() throws Exception {
    assertEquals(OLD_KEPT, aroundAReplacement());
  }

  @Test
  public void withoutDescriptorsATaskStartedBeforeItsJarWasReplacedKeepsTheOldClasses()
      throws Exception {
    loader = new JvmLoader(FixtureJar.settings(null), sandbox, SandboxFiles.byName());
    assertEquals(OLD_KEPT, aroundAReplacement());
  }

  /** Starts a task, replaces its jar while it runs, and reports what each task then saw. */
  private Seen aroundAReplacement() throws Exception {
    VersionedJar.write(jar, "one", ONE, TWO);
    String before = result(ONE); // the executor now knows the jar and ONE's class file
    String two = TWO.replace('.', '/') + ".class";
    byte[] oldTwo = entry(two);

    String newTask;
    Object oldTaskClass;
    boolean resourceOld;
    try (LoadedTask task = loader.fromSpec(spec(ONE))) {
      VersionedJar.replace(jar, "two", ONE, TWO);
      newTask = result(TWO);
      oldTaskClass = run(task.loader().loadClass(TWO));
      try (var in = task.loader().getResourceAsStream(two)) {
        resourceOld = Arrays.equals(oldTwo, in.readAllBytes());
      }
    }
    return new Seen(before, newTask, oldTaskClass, resourceOld, result(ONE));
  }

  @Test
  public void aJarRewrittenInPlaceWithItsSizeAndTimeKeptRunsItsNewCode() throws Exception {
    VersionedJar.write(jar, "one", ONE);
    long size = Files.size(jar);
    FileTime modified = Files.getLastModifiedTime(jar);
    assertEquals("\"one\"", result(ONE));

    VersionedJar.write(jar, "eno", ONE); // as cp -p or rsync --inplace -t do
    Files.setLastModifiedTime(jar, modified);
    assertEquals(size, Files.size(jar));
    assertEquals("\"eno\"", result(ONE));
  }

  @Test
  public void aDirectoryEntryIsFoundByItsBareNameInAKnownJarToo() throws Exception {
    VersionedJar.write(jar, "one", ONE);
    for (int task = 0; task < 2; task++) { // the second finds the jar known
      try (LoadedTask loaded = loader.fromSpec(spec(ONE))) {
        assertNotNull("task " + task, loaded.loader().getResource("gen"));
      }
    }
  }

  @Test
  public void aClosedLoaderDefinesNoClassEvenOneTheCacheHolds() throws Exception {
    VersionedJar.write(jar, "one", ONE, TWO);
    assertEquals("\"one\"", result(TWO)); // TWO's class file is in the cache
    LoadedTask task = loader.fromSpec(spec(ONE));
    task.close();
    assertThrows(ClassNotFoundException.class, () -> task.loader().loadClass(TWO));
  }

  private static Object run(Class<?> taskClass) throws Exception {
    return ((Task<?>) taskClass.getConstructor().newInstance()).run(new FakeContext("null"));
  }

  private byte[] entry(String name) throws Exception {
    try (var file = new java.util.jar.JarFile(jar.toFile());
        var in = file.getInputStream(file.getJarEntry(name))) {
      return in.readAllBytes();
    }
  }

  @Test
  public void aKnownJarStillGivesItsResources() throws Exception {
    VersionedJar.write(jar, "one", ONE, TWO);
    result(ONE);
    try (LoadedTask task = loader.fromSpec(spec(ONE))) {
      String entry = TWO.replace('.', '/') + ".class";
      byte[] read;
      try (var in = task.loader().getResourceAsStream(entry)) {
        read = in.readAllBytes();
      }
      try (var file = new java.util.jar.JarFile(jar.toFile());
          var in = file.getInputStream(file.getJarEntry(entry))) {
        assertArrayEquals(in.readAllBytes(), read);
      }
    }
  }

  @Test
  public void tasksOnManyJarsRunTheirOwnCodeWhileTheCacheStaysWithinItsBound() throws Exception {
    JarCache cache = new JarCache(2048);
    for (int i = 0; i < 30; i++) {
      String entry = "lib/jar-" + i + ".jar";
      VersionedJar.write(sandbox.resolve(entry), "version " + i, ONE);
      List<TaskJar> jars =
          ClassPath.open(
              sandbox,
              List.of(entry),
              "jvm.classpath",
              new JarAccess(cache, SandboxFiles.shared()));
      try (TaskClassLoader loader = new TaskClassLoader("t" + i, jars, true, cache)) {
        Task<?> task = (Task<?>) loader.loadClass(ONE).getConstructor().newInstance();
        assertEquals("version " + i, task.run(new FakeContext("null")));
      }
      assertTrue(cache.bytes() + " bytes held", cache.bytes() <= 2048);
    }
  }

  @Test
  public void theLeastRecentlyUsedGoFirstAndWhatIsLargerThanTheBoundIsNotKept() {
    JarCache cache = new JarCache(100);
    JarIdentity id = new JarIdentity(Path.of("/a.jar"), 1, FileTime.fromMillis(1), null, null);
    cache.putClassFile(id, "a", new byte[40]);
    cache.putClassFile(id, "b", new byte[40]);
    cache.classFile(id, "a");
    cache.putClassFile(id, "c", new byte[40]);

    assertEquals(40, cache.classFile(id, "a").length);
    assertNull(cache.classFile(id, "b"));
    assertEquals(40, cache.classFile(id, "c").length);
    assertEquals(80, cache.bytes());

    cache.putClassFile(id, "huge", new byte[101]);
    assertNull(cache.classFile(id, "huge"));
    assertEquals(80, cache.bytes());
  }
}
