package org.mesosexec.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos.CheckInfo;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.files.SandboxFiles;
import org.mesosexec.health.Prober.Attempt;
import org.mesosexec.health.Prober.Target;
import org.mesosexec.testing.FakeLauncher;
import org.mesosexec.time.SystemScheduler;
import org.mesosexec.work.ExitStatus;

/** Each kind of probe reaches its own prober. */
public class OsProberTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final SystemScheduler scheduler = new SystemScheduler();
  private final ExecutorService workers = Executors.newFixedThreadPool(2);
  private final FakeLauncher launcher = new FakeLauncher();

  @After
  public void tearDown() {
    scheduler.close();
    workers.shutdownNow();
  }

  @Test
  public void commandAndTcpProbesGiveTheirKindOfStatus() throws Exception {
    Path root = tmp.getRoot().toPath();
    Path taskDir = Files.createDirectories(root.resolve("tasks/t1"));
    OsProber prober = new OsProber(launcher, scheduler, workers, SandboxFiles.shared(), root);
    Target target = new Target(taskDir, Map.of(), Optional.empty(), taskDir.resolve("check.log"));

    Attempt command =
        prober.start(
            new Probe.Command(List.of("/bin/true"), Map.of(), Optional.empty()),
            target,
            Optional.empty());
    launcher.launched().get(0).exitWith(new ExitStatus(0, OptionalInt.empty()));
    assertEquals(
        CheckInfo.Type.COMMAND, command.result().get(10, TimeUnit.SECONDS).status().getType());

    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Outcome tcp =
          prober
              .start(new Probe.Tcp(server.getLocalPort(), false), target, Optional.empty())
              .result()
              .get(10, TimeUnit.SECONDS);
      assertEquals(CheckInfo.Type.TCP, tcp.status().getType());
      assertTrue(tcp.passed());
    }
  }
}
