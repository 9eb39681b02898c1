package org.mesosexec.task;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** A probe's port and path as Mesos validates them, refusals naming the field. */
public class ProbeFieldsTest {
  @Test
  public void portIsUnsignedAndInRange() {
    assertEquals(8080, ProbeFields.port(true, 8080, "c.http.port"));
    assertEquals(
        "c.http.port must be between 1 and 65535, got 4294967295",
        assertThrows(InvalidTaskException.class, () -> ProbeFields.port(true, -1, "c.http.port"))
            .getMessage());
    assertEquals(
        "c.tcp.port is missing",
        assertThrows(InvalidTaskException.class, () -> ProbeFields.port(false, 0, "c.tcp.port"))
            .getMessage());
  }

  @Test
  public void pathStartsWithASlashUnlessEmpty() {
    assertEquals("", ProbeFields.path("", "c.http.path"));
    assertEquals("/health", ProbeFields.path("/health", "c.http.path"));
    assertThrows(InvalidTaskException.class, () -> ProbeFields.path("health", "c.http.path"));
  }
}
