package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;

import com.google.re2j.Pattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.settings.Settings;

/**
 * The files a task's progress comes from, with real files: what one look finds is the newest
 * progress of all of them, and an unfinished last line counts only at the end.
 */
public class ProgressSourcesTest {
  private static final long BUDGET = ProgressTracker.POLL_BUDGET;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private ProgressSources sources(String regex, Path... files) {
    return new ProgressSources(
        tmp.getRoot().toPath(),
        List.of(files),
        new ProgressParser(Pattern.compile(regex), 512),
        64);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  public void aLookFindsTheNewestProgressOnceAndOnlyOnce() throws Exception {
    Path stdout = tmp.newFile("stdout").toPath();
    ProgressSources sources = sources(Settings.DEFAULT_PROGRESS_REGEX, stdout);
    append(stdout, "progress: 10 a\nnoise\nprogress: 20 b\nmore noise\n");

    assertEquals(stdout.toFile().length(), sources.read(BUDGET));
    assertEquals(Optional.of(new Progress(20, "b")), sources.newest());
    assertEquals(Optional.empty(), sources.newest());
  }

  @Test
  public void aFileNamedTwiceIsReadOnce() throws Exception {
    Path stdout = tmp.newFile("stdout").toPath();
    ProgressSources sources = sources(Settings.DEFAULT_PROGRESS_REGEX, stdout, stdout);
    append(stdout, "progress: 10 a\n");

    assertEquals(15, sources.read(BUDGET));
    assertEquals(0, sources.read(BUDGET));
    assertEquals(Optional.of(new Progress(10, "a")), sources.newest());
  }

  @Test
  public void anUnfinishedLastLineCountsOnlyAtTheEnd() throws Exception {
    Path stdout = tmp.newFile("stdout").toPath();
    Path stderr = tmp.newFile("stderr").toPath();
    ProgressSources sources = sources("(\\d+)% done", stdout, stderr);
    append(stdout, "10% done\n");
    append(stderr, "30% done");

    sources.read(BUDGET);
    assertEquals(Optional.of(new Progress(10, "")), sources.newest());

    sources.readLastLines();
    assertEquals(Optional.of(new Progress(30, "")), sources.newest());
  }
}
