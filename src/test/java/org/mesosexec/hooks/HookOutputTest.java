package org.mesosexec.hooks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** What is kept of a hook's output stream. */
public class HookOutputTest {
  @Test
  public void theWholeStreamIsKeptAndTheEndIsSignalled() {
    HookOutput output = new HookOutput("before-start/10-a", "stdout");
    assertFalse(output.ended().isDone());

    output.read(new ByteArrayInputStream("A=1\nB=2".getBytes(StandardCharsets.UTF_8)));

    assertTrue(output.ended().isDone());
    assertEquals("A=1\nB=2", output.text());
  }

  @Test
  public void onlyTheFirst64KiBAreKept() {
    HookOutput output = new HookOutput("before-start/10-a", "stderr");

    output.read(
        new ByteArrayInputStream(
            "x".repeat(HookOutput.MAX_OUTPUT + 10).getBytes(StandardCharsets.UTF_8)));

    assertEquals("x".repeat(HookOutput.MAX_OUTPUT), output.text());
  }
}
