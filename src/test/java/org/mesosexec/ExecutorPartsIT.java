package org.mesosexec;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.settings.Settings;
import org.mesosexec.settings.SettingsException;
import org.mesosexec.testing.HookFiles;

/** The production parts of the executor ({@link ExecutorParts#defaults}) in a real JVM. */
public class ExecutorPartsIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theDefaultPartsRunTimersAndWorkersUntilTheirThreadsAreStopped() throws Exception {
    ExecutorParts parts =
        ExecutorParts.defaults(Settings.defaults(), Map.of(), tmp.getRoot().toPath());
    CountDownLatch ran = new CountDownLatch(2);

    parts.scheduler().schedule(Duration.ZERO, ran::countDown);
    parts.workers().execute(ran::countDown);

    assertTrue(ran.await(10, TimeUnit.SECONDS));
    parts.threads().run();
    assertThrows(RejectedExecutionException.class, () -> parts.workers().execute(() -> {}));
  }

  @Test
  public void aHookJarThatCannotLoadIsASettingsErrorNamingTheVariable() throws Exception {
    Path hooks = Files.createDirectories(tmp.getRoot().toPath().resolve("hooks"));
    HookFiles.serviceJar(hooks, "broken.jar", "org.example.NoSuchHook");
    Settings settings = Settings.fromEnvironment(Map.of("EXECUTOR_HOOKS_DIR", hooks.toString()));

    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> ExecutorParts.defaults(settings, Map.of(), tmp.getRoot().toPath()));

    assertTrue(
        e.getMessage(),
        e.getMessage().startsWith("Setting EXECUTOR_HOOKS_DIR: cannot load a Java hook"));
  }
}
