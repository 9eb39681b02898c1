package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What the executor kills at its exit, in a made-up /proc whose processes never go away (so each
 * kill runs to its bound and counts what it signalled).
 */
public class ExitKillTest {
  private static final long SELF = FakeProcFs.SELF;
  private static final Duration BOUND = Duration.ofMillis(500);

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProcFs fake;
  private ProcFs proc;
  private Attribution attribution;

  @Before
  public void setUp() throws Exception {
    fake = new FakeProcFs(tmp.getRoot().toPath());
    proc = fake.procFs();
    attribution = new Attribution(proc);
  }

  @Test
  public void withASubreaperEveryAdoptedTreeIsKilledButAnotherLiveExecutors() throws Exception {
    ExitKill mine = new ExitKill(proc, Optional.empty(), attribution, "mine", SELF);
    ExitKill other = new ExitKill(proc, Optional.empty(), attribution, "other", SELF);
    fake.process(5_000_200, SELF, 5_000_200, 5_000_200, 'S', "mine-1")
        .process(5_000_201, 5_000_200, 5_000_200, 5_000_200, 'S', null)
        .process(5_000_300, SELF, 5_000_300, 5_000_300, 'S', null)
        .process(5_000_400, SELF, 5_000_400, 5_000_400, 'S', "other-1");

    assertEquals(3, mine.kill(BOUND, true));
    assertEquals(
        "once the other has killed its own, nothing is left out", 4, other.kill(BOUND, true));
  }

  @Test
  public void withoutASubreaperEveryProcessWithOneOfTheExecutorsMarkersIsKilled() throws Exception {
    ExitKill kill = new ExitKill(proc, Optional.empty(), attribution, "mine", SELF);
    fake.process(5_000_500, 1, 5_000_500, 5_000_500, 'S', "mine-1")
        .process(5_000_501, 1, 5_000_501, 5_000_501, 'S', "mine-2")
        .process(5_000_600, 1, 5_000_600, 5_000_600, 'S', "other-1")
        .process(5_000_700, 1, 5_000_700, 5_000_700, 'Z', "mine-3");

    assertEquals(2, kill.kill(BOUND, false));
  }
}
