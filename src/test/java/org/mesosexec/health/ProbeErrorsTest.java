package org.mesosexec.health;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.Test;

/** Network check failures in words. */
public class ProbeErrorsTest {
  @Test
  public void theInnermostMessageIsTheReason() {
    assertEquals(
        "no route to host",
        ProbeErrors.why(
            new CompletionException(
                new IOException((String) null, new IOException("no route to host")))));
  }

  @Test
  public void aBareRefusedConnectIsSaidInWords() {
    assertEquals(
        "connection refused", ProbeErrors.why(new CompletionException(new ConnectException())));
  }

  @Test
  public void anErrorWithoutAMessageIsNamedByItsKind() {
    assertEquals("IOException", ProbeErrors.why(new IOException()));
  }
}
