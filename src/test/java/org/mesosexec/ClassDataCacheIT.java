package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mesosexec.testing.StatusJson.field;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.RunningScript;
import org.mesosexec.testing.ScriptOutput;

/**
 * The agent's class-data cache that {@code run-executor.sh} keeps in {@code EXECUTOR_CDS_DIR}: the
 * first executor makes the archive, later ones map it (wherever the distribution archive was
 * unpacked), ten starting at once make one, and a corrupt or half-made archive is never used. The
 * JVM's own class-loading log tells where {@code org.mesosexec.Main} came from: the archive
 * ("shared objects file (top)") or the jar.
 */
public class ClassDataCacheIT {
  private static final String FROM_ARCHIVE = "shared objects file (top)";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** One finished run: what it printed, where Main came from, whether it made an archive. */
  private record Run(ScriptOutput out, String mainSource, boolean dumped) {
    boolean mapped() {
      return mainSource.equals(FROM_ARCHIVE);
    }
  }

  @Test
  public void theSecondExecutorMapsTheArchiveTheFirstOneMade() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");

    Run first = await(start(cache));
    Run second = await(start(cache));

    assertTrue("the first run made the archive", first.dumped());
    assertThat("ran the jar's copy in the cache", first.mainSource(), startsWith("file:" + cache));
    assertTrue("the second run mapped it: " + second.mainSource(), second.mapped());
    assertFalse(second.dumped());
  }

  @Test
  public void executorsUnpackedIntoNewDirectoriesShareOneArchive() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");

    // As an agent's fetcher does for every executor: the archive unpacked anew, in a new sandbox
    // (a system property naming it, as JAVA_OPTS may, does not make another entry).
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path home = unpackDistribution();
      runs.add(
          await(runner(cache, "-Dsome.sandbox=" + home, home.resolve("run-executor.sh")).start()));
    }

    assertTrue(runs.get(0).dumped());
    assertTrue("the second mapped it: " + runs.get(1).mainSource(), runs.get(1).mapped());
    assertTrue(runs.get(2).mapped());
    try (Stream<Path> entries = Files.list(cache)) {
      assertEquals(1, entries.count());
    }
  }

  @Test
  public void aCorruptArchiveIsIgnoredWithOneLineAndMadeAgain() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");
    await(start(cache));
    assertTrue(await(start(cache)).mapped());
    Path archive = onlyEntry(cache).resolve("classes.jsa");
    archive.toFile().setWritable(true);
    Files.write(archive, new byte[64 * 1024]);

    Run corrupt = await(start(cache));
    Run remade = await(start(cache));
    Run after = await(start(cache));

    assertFalse("the corrupt archive was not mapped", corrupt.mapped());
    List<String> lines = corrupt.out().stderr().lines().toList();
    assertEquals(corrupt.out().toString(), 1, lines.size());
    assertThat(lines.get(0), containsString("class-data cache: " + archive));
    assertTrue("the next run made a new one", remade.dumped());
    assertTrue("which the run after it maps", after.mapped());
  }

  @Test
  public void anArchiveWhoseDumpWasCutShortIsNeverMapped() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");
    await(start(cache));
    Path dump = onlyEntry(cache).resolve("dump.jsa");
    assertTrue("the first run's archive waits for the next run: " + dump, Files.exists(dump));
    // A JVM writes the header last: a dump cut short has none.
    dump.toFile().setWritable(true);
    Files.write(dump, new byte[4096]);

    Run next = await(start(cache));
    Run after = await(start(cache));

    assertFalse(next.mapped());
    assertTrue("the next run made the archive again", next.dumped());
    assertTrue(after.mapped());
  }

  @Test
  public void tenExecutorsStartingAtOnceOnAnEmptyCacheMakeOneArchiveAndAllRun() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");
    List<RunningScript> started = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        // Ten JVMs starting at once on two busy cores take a while each.
        started.add(runner(cache, "").timeout(Duration.ofMinutes(5)).start());
      }
      for (RunningScript s : started) {
        runs.add(await(s));
      }
    } finally {
      started.forEach(RunningScript::close);
    }
    Run eleventh = await(start(cache));

    assertEquals("one archive made: " + runs, 1, runs.stream().filter(Run::dumped).count());
    for (Run r : runs) {
      assertEquals(r.out().toString(), "", r.out().stderr());
    }
    assertTrue("the next executor maps it", eleventh.mapped());
  }

  @Test
  public void offRunsTheJarWhereItIsAndWritesNoCache() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");
    RunningScript script = runner(cache, "").env("EXECUTOR_CDS_DIR", "off").start();

    Run off = await(script);

    assertThat(off.mainSource(), startsWith("file:" + LocalRunner.projectRoot()));
    assertFalse(off.dumped());
    assertFalse(Files.exists(cache));
  }

  @Test
  public void aCacheDirectoryOthersCanWriteToIsNotUsed() throws Exception {
    Path cache = tmp.newFolder("shared").toPath();
    cache.toFile().setWritable(true, false);

    Run run = await(start(cache));

    assertFalse(run.dumped());
    assertThat(run.out().stderr(), containsString("only it can write to"));
    try (Stream<Path> entries = Files.list(cache)) {
      assertEquals(List.of(), entries.toList());
    }
  }

  @Test
  public void optionsTheJdksOwnArchiveCannotServeMeanNoCacheAndOneLine() throws Exception {
    Path cache = tmp.getRoot().toPath().resolve("cache");
    // The JDK's archive is made with compressed class pointers: without them it cannot be mapped,
    // and a JVM asked to make an archive on top of it would not start at all.
    RunningScript script = runner(cache, "-XX:-UseCompressedClassPointers").start();

    Run run = await(script);

    assertFalse(run.dumped());
    List<String> lines = run.out().stderr().lines().toList();
    assertEquals(run.out().toString(), 1, lines.size());
    assertThat(lines.get(0), containsString("no class-data archive of its own"));
  }

  private RunningScript start(Path cache) throws IOException {
    return runner(cache, "").start();
  }

  private LocalRunner runner(Path cache, String javaOpts) throws IOException {
    return runner(cache, javaOpts, LocalRunner.scriptPath());
  }

  /** {@code target/mesos-task-executor.tar.gz} unpacked into a new directory; returns its home. */
  private Path unpackDistribution() throws Exception {
    Path archive = LocalRunner.projectRoot().resolve("target/mesos-task-executor.tar.gz");
    return LocalRunner.unpack(archive, tmp.getRoot().toPath());
  }

  /**
   * {@code hello.json} in a sandbox of its own, logging class loading and class-data dumps to a
   * file per JVM ({@code %p}, so that every run has the same JAVA_OPTS and the same cache entry).
   */
  private LocalRunner runner(Path cache, String javaOpts, Path script) throws IOException {
    Path sandbox = Files.createTempDirectory(tmp.getRoot().toPath(), "sandbox");
    String log = " -Xlog:class+load=info,cds=info:file=" + tmp.getRoot() + "/jvm-%p.log";
    return LocalRunner.command(
            script, "--local", LocalRunner.example("hello.json"), "--sandbox", sandbox)
        .env("EXECUTOR_CDS_DIR", cache.toString())
        .env("JAVA_OPTS", javaOpts + log);
  }

  private Run await(RunningScript script) throws Exception {
    ScriptOutput out = script.await().assertWellFormed();
    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("hello"), "state"));
    List<String> log =
        Files.readAllLines(tmp.getRoot().toPath().resolve("jvm-" + script.pid() + ".log"));
    String main =
        log.stream()
            .filter(l -> l.contains(" org.mesosexec.Main source: "))
            .map(l -> l.substring(l.indexOf(" source: ") + " source: ".length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Main was never loaded: " + log));
    boolean dumped = log.stream().anyMatch(l -> l.contains("Dumping shared data to file"));
    return new Run(out, main, dumped);
  }

  private static Path onlyEntry(Path cache) throws IOException {
    try (Stream<Path> entries = Files.list(cache)) {
      List<Path> all = entries.toList();
      assertEquals(all.toString(), 1, all.size());
      return all.get(0);
    }
  }
}
