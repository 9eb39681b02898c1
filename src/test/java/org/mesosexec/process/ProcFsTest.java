package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcFs.Proc;

/** Reading stat lines, children and environments from a made-up /proc. */
public class ProcFsTest {
  private static final long SELF = FakeProcFs.SELF;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProcFs fake;
  private ProcFs proc;

  @Before
  public void setUp() throws Exception {
    fake = new FakeProcFs(tmp.getRoot().toPath());
    proc = fake.procFs();
  }

  @Test
  public void aStatLineIsReadPastACommandNameWithSpacesAndParentheses() {
    String fields = " S 10 20 30" + " 0".repeat(15) + " 4242 0 0";

    assertEquals(
        Optional.of(new Proc(7, 'S', 10, 20, 30, 4242)),
        ProcFs.parseStat(7, "7 (a) b (c)" + fields));
    assertEquals(Optional.empty(), ProcFs.parseStat(7, "7 (cut short) S 10"));
    assertEquals(Optional.empty(), ProcFs.parseStat(7, "7 (x) S ten" + fields.substring(5)));
  }

  @Test
  public void childrenAreReadFromEveryThreadAndFromOneThreadAlone() throws Exception {
    fake.process(5_000_100, SELF, 5_000_100, 5_000_100, 'S', null)
        .process(5_000_101, SELF, 5_000_101, 5_000_101, 'S', null);
    Files.createDirectories(tmp.getRoot().toPath().resolve(SELF + "/task/5000001"));
    Files.writeString(tmp.getRoot().toPath().resolve(SELF + "/task/5000001/children"), "5000200 ");

    assertEquals(
        List.of(5_000_100L, 5_000_101L, 5_000_200L),
        proc.children(SELF).stream().sorted().toList());
    assertEquals(List.of(5_000_100L, 5_000_101L), proc.threadChildren(SELF, SELF));
    assertEquals(List.of(), proc.children(5_999_999));
  }

  @Test
  public void aVanishedProcessIsAbsentNotAnError() {
    assertEquals(Optional.empty(), proc.stat(5_999_999));
    assertEquals(Environ.Variable.UNKNOWN, proc.environmentVariable(5_999_999, "PATH"));
  }

  @Test
  public void theMarkerIsReadFromTheEnvironment() throws Exception {
    fake.process(5_000_100, SELF, 5_000_100, 5_000_100, 'S', "tok-1");

    assertEquals(
        Optional.of("tok-1"),
        proc.environmentVariable(5_000_100, ProcessTracker.MARKER_VARIABLE).value());
  }
}
