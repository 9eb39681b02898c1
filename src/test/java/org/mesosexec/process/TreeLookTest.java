package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcFs.Proc;
import org.mesosexec.process.ProcessTracker.Members;

/** One look at a task's processes, in a made-up /proc where the executor is {@code SELF}. */
public class TreeLookTest {
  private static final long SELF = FakeProcFs.SELF;
  private static final long LEADER = 5_000_100;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakeProcFs fake;
  private TreeLook look;

  @Before
  public void setUp() throws Exception {
    fake = new FakeProcFs(tmp.getRoot().toPath());
    ProcFs proc = fake.procFs();
    look = new TreeLook(proc, Optional.empty(), new Attribution(proc), new HashSet<>(), SELF);
    fake.process(LEADER, SELF, LEADER, LEADER, 'S', "tok-1")
        .process(5_000_101, LEADER, LEADER, LEADER, 'S', "tok-1")
        .process(5_000_102, 5_000_101, 5_000_102, 5_000_102, 'S', "tok-1");
  }

  @Test
  public void withASubreaperTheTaskIsItsTreeAndItsAdoptedOrphans() throws Exception {
    fake.process(5_000_200, SELF, 5_000_200, 5_000_200, 'S', "tok-1")
        .process(5_000_201, 5_000_200, 5_000_200, 5_000_200, 'S', null)
        .process(5_000_300, SELF, 5_000_300, 5_000_300, 'S', "tok-2")
        .process(5_000_400, SELF, 5_000_400, LEADER, 'S', null);

    Members members = look.members(LEADER, true, "tok-1", true);

    assertEquals(
        List.of(LEADER, 5_000_101L, 5_000_102L, 5_000_200L, 5_000_201L, 5_000_400L),
        members.procs().stream().map(Proc::pid).sorted().toList());
    assertEquals(List.of(), members.unsure());
  }

  @Test
  public void anAdoptedProcessWhoseEnvironmentCannotBeReadIsUnsure() throws Exception {
    fake.process(5_000_200, SELF, 5_000_200, 5_000_200, 'S', "tok-1");
    fake.unreadableEnvironment(5_000_200);

    Members members = look.members(LEADER, true, "tok-1", true);

    assertEquals(List.of(5_000_200L), members.unsure());
  }

  @Test
  public void aLeaderTheJdkReapedIsNoLongerLookedAt() throws Exception {
    Members members = look.members(LEADER, false, "tok-1", true);

    assertEquals(List.of(), members.procs());
  }

  @Test
  public void withoutASubreaperTheTaskIsItsSessionGroupDescendantsAndMarkedOrphansOfInit()
      throws Exception {
    fake.process(5_000_500, 1, 5_000_500, 5_000_500, 'S', "tok-1")
        .process(5_000_600, 1, 5_000_600, 5_000_600, 'S', "tok-2");

    Members members = look.members(LEADER, true, "tok-1", false);

    assertEquals(
        List.of(LEADER, 5_000_101L, 5_000_102L, 5_000_500L),
        members.procs().stream().map(Proc::pid).sorted().toList());
  }
}
