package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The last line a process printed, as failure and status messages quote it. */
public class LastLineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theLastNonBlankLineStripped() {
    assertEquals(Optional.of("the reason"), LastLine.of("first\n  the reason \r\n\n  \n", 500));
  }

  @Test
  public void blankTextHasNoLastLine() {
    assertEquals(Optional.empty(), LastLine.of("", 500));
    assertEquals(Optional.empty(), LastLine.of("\n \r\n\t\n", 500));
  }

  @Test
  public void aLongLineIsCut() {
    assertEquals(Optional.of("x".repeat(10) + "..."), LastLine.of("x".repeat(11), 10));
    assertEquals(Optional.of("x".repeat(10)), LastLine.of("x".repeat(10), 10));
  }

  @Test
  public void onlyTheTailOfAFileIsRead() throws Exception {
    Path file = tmp.newFile().toPath();
    Files.writeString(file, "early line\n" + "y".repeat(100) + "\n", StandardCharsets.UTF_8);

    assertEquals(Optional.of("yyyyy..."), LastLine.ofFile(file, 1000, 5));
    assertEquals(
        "the tail starts inside the long line", Optional.of("yyy"), LastLine.ofFile(file, 4, 5));
  }

  @Test
  public void aFileThatCannotBeReadHasNoLastLine() {
    assertEquals(Optional.empty(), LastLine.ofFile(tmp.getRoot().toPath().resolve("none"), 10, 5));
  }
}
