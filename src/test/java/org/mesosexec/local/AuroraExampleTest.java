package org.mesosexec.local;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.Test;
import org.mesosexec.aurora.AssignedTask;
import org.mesosexec.testing.AuroraExample;
import org.mesosexec.testing.LocalRunner;

/**
 * The checked-in {@code conf/examples/aurora.json} is what {@link AuroraExample} writes: an
 * AssignedTask as libthrift encodes it. To write it anew (after changing the example), run this
 * test with {@code -Daurora.example.write=true}.
 */
public class AuroraExampleTest {
  private static final Path FILE = LocalRunner.projectRoot().resolve("conf/examples/aurora.json");

  @Test
  public void theCheckedInExampleIsWhatTheGeneratorWrites() throws Exception {
    if (Boolean.getBoolean("aurora.example.write")) {
      Files.writeString(FILE, AuroraExample.taskFile());
    }
    String checkedIn = Files.readString(FILE);

    assertEquals(AuroraExample.taskFile(), checkedIn);
    String base64 = checkedIn.replaceAll("(?s).*\"data\": \"([^\"]+)\".*", "$1");
    byte[] data = Base64.getDecoder().decode(base64);
    assertArrayEquals(AuroraExample.assignedTask(), data);
    assertEquals(AuroraExample.SPEC, AssignedTask.read(data).executorConfig().data());
  }
}
