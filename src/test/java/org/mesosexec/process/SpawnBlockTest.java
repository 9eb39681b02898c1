package org.mesosexec.process;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import org.junit.Test;

/** The single block of native memory a spawn passes to posix_spawn: argv, envp and the pid. */
public class SpawnBlockTest {
  @Test
  public void argvAndEnvpReadBackAsNullTerminatedArraysOfTheirStrings() {
    List<byte[]> argv = List.of(cString("/bin/echo"), cString("two words"), cString(""));
    List<byte[]> envp = List.of(cString("A=1"), cString("PATH=/usr/bin:/bin"));
    try (SpawnBlock block = new SpawnBlock(argv, envp)) {
      assertArrayEquals(
          new String[] {"/bin/echo", "two words", ""}, block.argv().getStringArray(0, "UTF-8"));
      assertArrayEquals(
          new String[] {"A=1", "PATH=/usr/bin:/bin"}, block.envp().getStringArray(0, "UTF-8"));
      assertEquals("the pid before the call", 0, block.pidValue());
    }
  }

  @Test
  public void anEmptyEnvironmentIsAnArrayHoldingOnlyNull() {
    try (SpawnBlock block = new SpawnBlock(List.of(cString("/bin/true")), List.of())) {
      assertNull(block.envp().getPointer(0));
      assertArrayEquals(new String[] {"/bin/true"}, block.argv().getStringArray(0, "UTF-8"));
    }
  }

  private static byte[] cString(String s) {
    return NativeEncoding.cString(s);
  }
}
