package org.mesosexec.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.health.Prober.Attempt;
import org.mesosexec.health.Prober.Target;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.testing.FakeLauncher.FakeProcess;
import org.mesosexec.work.ExitStatus;
import org.mesosexec.work.Signal;

/** Command checks, with puppet processes: what the outcome says and what is killed. */
public class CommandProberTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ExecutorService workers = Executors.newSingleThreadExecutor();
  private final FakeLauncher launcher = new FakeLauncher();
  private Path root;
  private CommandProber prober;
  private Target target;

  @Before
  public void setUp() throws Exception {
    root = tmp.getRoot().toPath();
    Path taskDir = Files.createDirectories(root.resolve("tasks/t1"));
    prober = new CommandProber(launcher, workers, SandboxFiles.shared(), root);
    target =
        new Target(
            taskDir, Map.of("FROM_TASK", "1"), Optional.empty(), taskDir.resolve("check.log"));
  }

  @After
  public void tearDown() {
    workers.shutdownNow();
  }

  @Test
  public void anExitStatusOfZeroPassesAndTheLastOutputLineIsTheDetail() throws Exception {
    Attempt attempt = prober.start(command(), target);
    Files.writeString(target.output(), "starting\nall good\n\n", StandardCharsets.UTF_8);
    launcher.launched().get(0).exitWith(new ExitStatus(0, OptionalInt.empty()));

    Outcome outcome = attempt.result().get(10, TimeUnit.SECONDS);

    assertTrue(outcome.passed());
    assertEquals("Command exited with status 0: all good", outcome.detail());
    assertEquals(0, outcome.status().getCommand().getExitCode());
    assertEquals("1", launcher.requests().get(0).environment().get("FROM_TASK"));
    assertEquals("2", launcher.requests().get(0).environment().get("FROM_CHECK"));
  }

  @Test
  public void aFailingCommandFailsWithItsStatus() throws Exception {
    Attempt attempt = prober.start(command(), target);
    launcher.launched().get(0).exitWith(new ExitStatus(3, OptionalInt.empty()));

    Outcome outcome = attempt.result().get(10, TimeUnit.SECONDS);

    assertFalse(outcome.passed());
    assertEquals("Command exited with status 3", outcome.detail());
  }

  @Test
  public void abortingAnAttemptKillsTheCommand() throws Exception {
    Attempt attempt = prober.start(command(), target);
    FakeProcess process = launcher.launched().get(0);
    attempt.abort().run();
    assertEquals(List.of(Signal.KILL), process.signals());

    Outcome outcome = attempt.result().get(10, TimeUnit.SECONDS);

    assertFalse(outcome.passed());
  }

  @Test
  public void aCommandThatCannotStartGivesNoAnswer() throws Exception {
    launcher.failLaunchesWith("No such file or directory");

    Outcome outcome = prober.start(command(), target).result().get(0, TimeUnit.SECONDS);

    assertFalse(outcome.passed());
    assertEquals("the command could not start: No such file or directory", outcome.detail());
    assertFalse(outcome.status().getCommand().hasExitCode());
  }

  private static Probe.Command command() {
    return new Probe.Command(List.of("/bin/true"), Map.of("FROM_CHECK", "2"), Optional.empty());
  }
}
