package org.mesosexec.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/** The names a sandbox file is reached through: only ever down from the root. */
public class SandboxNamesTest {
  private static final Path ROOT = Path.of("/sandbox");

  @Test
  public void aFileIsItsNamesBelowTheRootWithoutDots() throws Exception {
    assertEquals(
        List.of(Path.of("tasks"), Path.of("t1"), Path.of("stdout")),
        SandboxNames.below(ROOT, Path.of("/sandbox/tasks/./t1/stdout")));
    assertEquals(List.of(Path.of("a")), SandboxNames.below(ROOT, Path.of("/sandbox/a")));
  }

  @Test
  public void dotDotTheRootItselfAndAnythingOutsideAreRefused() {
    for (String file : List.of("/sandbox/a/../../etc/passwd", "/sandbox", "/sandbox/.", "/etc")) {
      FileSystemException e =
          assertThrows(FileSystemException.class, () -> SandboxNames.below(ROOT, Path.of(file)));
      assertEquals(file, e.getFile());
    }
    assertThrows(FileSystemException.class, () -> SandboxNames.below(ROOT, Path.of("sandbox/a")));
  }
}
