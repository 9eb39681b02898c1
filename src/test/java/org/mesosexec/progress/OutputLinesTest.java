package org.mesosexec.progress;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.re2j.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.settings.Settings;

/** Every line of stdout and stderr reaches the output events from the same read as progress. */
public class OutputLinesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private record Line(String stream, String text, int part) {}

  private static final class Recorded implements OutputLines {
    final List<Line> lines = new ArrayList<>();
    int ended;

    @Override
    public void line(String stream, String text, int part) {
      lines.add(new Line(stream, text, part));
    }

    @Override
    public void polled() {}

    @Override
    public void ended() {
      ended++;
    }
  }

  private ProgressSources sources(Optional<ProgressParser> parser, Recorded out, int maxBytes) {
    Path dir = tmp.getRoot().toPath();
    return new ProgressSources(
        dir,
        List.of(dir.resolve("stdout")),
        List.of(),
        parser,
        maxBytes,
        Map.of(dir.resolve("stdout"), "stdout", dir.resolve("stderr"), "stderr"),
        Optional.of(out));
  }

  @Test
  public void progressAndEventsShareOneReadOfStdout() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.writeString(dir.resolve("stdout"), "hello\nprogress: 40 half\n");
    Files.writeString(dir.resolve("stderr"), "oops\n");
    Recorded out = new Recorded();
    ProgressSources s =
        sources(
            Optional.of(new ProgressParser(Pattern.compile(Settings.DEFAULT_PROGRESS_REGEX), 512)),
            out,
            4096);
    s.read(1 << 20);
    assertEquals(40, s.newest().orElseThrow().percent());
    assertEquals(
        List.of(
            new Line("stdout", "hello", 0),
            new Line("stdout", "progress: 40 half", 0),
            new Line("stderr", "oops", 0)),
        out.lines);
    s.close();
    assertEquals(1, out.ended);
  }

  @Test
  public void aOneMegabyteLineIsCutAtTheCapIntoNumberedParts() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.writeString(dir.resolve("stdout"), "y".repeat(1 << 20) + "\nnext\n");
    Recorded out = new Recorded();
    ProgressSources s = sources(Optional.empty(), out, 4096);
    while (s.read(1 << 16) > 0) {}
    assertEquals(258, out.lines.size()); // 256 full pieces, an empty last one, then "next"
    for (int i = 0; i < 256; i++) {
      assertEquals(i + 1, out.lines.get(i).part());
      assertEquals(4096, out.lines.get(i).text().length());
    }
    assertEquals(new Line("stdout", "", 257), out.lines.get(256));
    assertEquals(new Line("stdout", "next", 0), out.lines.get(257));
  }

  @Test
  public void invalidUtf8IsReplaced() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.write(
        dir.resolve("stdout"), new byte[] {'a', (byte) 0xff, (byte) 0xc3, 'b', '\n', 'c', '\n'});
    Recorded out = new Recorded();
    ProgressSources s = sources(Optional.empty(), out, 4096);
    s.read(1 << 20);
    assertEquals("a\uFFFD\uFFFDb", out.lines.get(0).text());
    assertEquals("c", out.lines.get(1).text());
  }

  @Test
  public void withEventsOnlyTheProgressFileIsNotRead() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.writeString(dir.resolve("stdout"), "one\n");
    Recorded out = new Recorded();
    ProgressSources s = sources(Optional.empty(), out, 4096);
    s.read(1 << 20);
    assertTrue(s.newest().isEmpty());
    assertEquals(List.of(new Line("stdout", "one", 0)), out.lines);
  }
}
