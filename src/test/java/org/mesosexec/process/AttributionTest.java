package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.process.ProcFs.Proc;

/** Which task a process belongs to, in a made-up /proc. */
public class AttributionTest {
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
  public void aProcessIsItsMarkersTask() throws Exception {
    fake.process(5_000_100, FakeProcFs.SELF, 5_000_100, 5_000_100, 'S', "tok-1");
    Proc p = proc.stat(5_000_100).orElseThrow();

    assertEquals(Optional.of(true), attribution.isMarked(p, "tok-1"));
    assertEquals(Optional.of(false), attribution.isMarked(p, "tok-2"));
    assertEquals(Optional.of("tok-1"), attribution.taskOf(p));
  }

  @Test
  public void theTaskAProcessWasSeenInWinsOverItsMarker() throws Exception {
    fake.process(5_000_100, FakeProcFs.SELF, 5_000_100, 5_000_100, 'S', "tok-2");
    Proc p = proc.stat(5_000_100).orElseThrow();
    attribution.lineage().remember(p, "tok-1");

    assertEquals(Optional.of(true), attribution.belongs(p, "tok-1"));
    assertEquals(Optional.of(false), attribution.belongs(p, "tok-2"));
    assertEquals(Optional.of("tok-1"), attribution.taskOf(p));
  }

  @Test
  public void aProcessWhoseEnvironmentCannotBeReadMayBeTheTasks() throws Exception {
    fake.process(5_000_100, FakeProcFs.SELF, 5_000_100, 5_000_100, 'S', "tok-1");
    fake.unreadableEnvironment(5_000_100);
    Proc p = proc.stat(5_000_100).orElseThrow();

    assertEquals(Optional.empty(), attribution.isMarked(p, "tok-1"));
    assertEquals(Optional.empty(), attribution.taskOf(p));
  }

  @Test
  public void aMarkerOnceReadIsRemembered() throws Exception {
    fake.process(5_000_100, FakeProcFs.SELF, 5_000_100, 5_000_100, 'S', "tok-1");
    Proc p = proc.stat(5_000_100).orElseThrow();
    attribution.isMarked(p, "tok-1");
    fake.unreadableEnvironment(5_000_100);

    assertEquals(Optional.of(true), attribution.isMarked(p, "tok-1"));
  }

  @Test
  public void aProcessWithoutAMarkerIsNoTasks() throws Exception {
    fake.process(5_000_100, FakeProcFs.SELF, 5_000_100, 5_000_100, 'S', null);
    Proc p = proc.stat(5_000_100).orElseThrow();

    assertEquals(Optional.of(false), attribution.isMarked(p, "tok-1"));
    assertEquals(Optional.empty(), attribution.taskOf(p));
  }
}
