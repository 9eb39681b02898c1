package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcFs.Proc;

/**
 * The subreaper's periodic look, in a made-up /proc where the executor is {@code SELF}: which task
 * each process is remembered as, and which adopted children every look at a task reads.
 */
public class OrphanReaperTest {
  private static final long SELF = FakeProcFs.SELF;
  private static final long LEADER = 5_000_100;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProcFs fake;
  private ProcFs proc;
  private Attribution attribution;
  private OrphanReaper reaper;

  @Before
  public void setUp() throws Exception {
    fake = new FakeProcFs(tmp.getRoot().toPath());
    proc = fake.procFs();
    attribution = new Attribution(proc);
    reaper = new OrphanReaper(proc, Optional.empty(), attribution, SELF);
  }

  private Optional<String> taskOf(long pid) {
    return attribution.taskOf(proc.stat(pid).orElseThrow());
  }

  @Test
  public void aProcessSeenInATrackedTreeIsThatTasksWhateverItsMarkerSays() throws Exception {
    fake.process(LEADER, SELF, LEADER, LEADER, 'S', null)
        .process(5_000_101, LEADER, LEADER, LEADER, 'S', "tok-2");
    reaper.track(LEADER, "tok-1");

    reaper.reap();

    assertEquals(Optional.of("tok-1"), taskOf(5_000_101));
  }

  @Test
  public void anUntrackedTreeIsNoLongerWalked() throws Exception {
    fake.process(LEADER, SELF, LEADER, LEADER, 'S', null)
        .process(5_000_101, LEADER, LEADER, LEADER, 'S', null);
    reaper.track(LEADER, "tok-1");
    reaper.untrack(LEADER);

    reaper.reap();

    assertEquals(Optional.empty(), taskOf(5_000_101));
  }

  @Test
  public void anAdoptedOrphansDescendantsAreItsMarkersTask() throws Exception {
    fake.process(5_000_200, SELF, 5_000_200, 5_000_200, 'S', "tok-3")
        .process(5_000_201, 5_000_200, 5_000_200, 5_000_200, 'S', null);

    reaper.reap();

    assertEquals(Optional.of("tok-3"), taskOf(5_000_201));
  }

  @Test
  public void aChildOffTheMainThreadIsAStrayEveryTreeLookReadsUntilItIsGone() throws Exception {
    fake.process(LEADER, SELF, LEADER, LEADER, 'S', "tok-1");
    fake.process(5_000_300, 5_999_999, 5_000_300, 5_000_300, 'S', "tok-1");
    Path otherThread = tmp.getRoot().toPath().resolve(SELF + "/task/5000001");
    Files.createDirectories(otherThread);
    Files.writeString(otherThread.resolve("children"), "5000300 ");
    TreeLook look = new TreeLook(proc, Optional.empty(), attribution, reaper.strays(), SELF);

    reaper.reap();

    assertEquals(Set.of(5_000_300L), reaper.strays());
    assertEquals(
        List.of(LEADER, 5_000_300L),
        look.members(LEADER, true, "tok-1", true).procs().stream()
            .map(Proc::pid)
            .sorted()
            .toList());

    Files.writeString(otherThread.resolve("children"), "");
    reaper.reap();

    assertEquals(Set.of(), reaper.strays());
  }
}
