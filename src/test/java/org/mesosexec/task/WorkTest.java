package org.mesosexec.task;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

/** How a task's command is named in executor.log's "started as" line. */
public class WorkTest {
  @Test
  public void aCommandIsNamedInTheLogAsARecordIs() {
    assertEquals("Shell[command=echo hi]", new Work.Shell("echo hi").toString());
    assertEquals(
        "Exec[args=[/bin/sleep, 30]]", new Work.Exec(List.of("/bin/sleep", "30")).toString());
  }
}
