package org.mesosexec.process;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Where setsid is. */
public class SetsidTest {
  @Test
  public void setsidIsFoundWhereverTheHostHasIt() {
    Optional<Path> expected =
        Files.isExecutable(Path.of("/usr/bin/setsid"))
            ? Optional.of(Path.of("/usr/bin/setsid"))
            : Files.isExecutable(Path.of("/bin/setsid"))
                ? Optional.of(Path.of("/bin/setsid"))
                : Optional.empty();

    assertEquals(expected, Setsid.path());
  }

  @Test
  public void theFirstExecutableCandidateWins() {
    assertEquals(
        Optional.of(Path.of("/bin/sh")),
        Setsid.firstExecutable(
            List.of(Path.of("/no/such/file"), Path.of("/bin/sh"), Path.of("/bin/cat"))));
    assertEquals(Optional.empty(), Setsid.firstExecutable(List.of(Path.of("/no/such/file"))));
  }
}
