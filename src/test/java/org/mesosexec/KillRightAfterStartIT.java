package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.settings.Settings;
import org.mesosexec.testing.RecordingDriver;

/**
 * A kill that arrives the moment TASK_RUNNING is out, before the child has made its own process
 * group, must still deliver SIGTERM rather than wait out the grace period for SIGKILL.
 */
public class KillRightAfterStartIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private ExecutorRuntime runtime;

  @After
  public void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  public void killRightAfterRunningEndsTheTaskOnSigterm() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("EXECUTOR_IDLE_TIMEOUT", "1hrs");
    runtime = new ExecutorRuntime(Settings.fromEnvironment(env), env, tmp.getRoot().toPath(),
        List.of());
    RecordingDriver driver = new RecordingDriver();
    runtime.executor().registered(driver,
        ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e"))
            .setCommand(CommandInfo.newBuilder().setValue("x")).build(),
        FrameworkInfo.newBuilder().setName("f").setUser("u").build(),
        SlaveInfo.newBuilder().setHostname("h").build());
    for (int i = 0; i < 20; i++) {
      String id = "t" + i;
      runtime.executor().launchTask(driver, TaskInfo.newBuilder().setName(id)
          .setTaskId(TaskID.newBuilder().setValue(id))
          .setSlaveId(SlaveID.newBuilder().setValue("a"))
          .setData(ByteString.copyFromUtf8("{\"argv\":[\"sleep\",\"60\"],\"kill_grace_period_ms\":20000}"))
          .build());
      driver.awaitState(id, TaskState.TASK_RUNNING, Duration.ofSeconds(20));
      runtime.executor().killTask(driver, TaskID.newBuilder().setValue(id).build());
      TaskStatus end = driver.awaitTerminal(id, Duration.ofSeconds(10));

      assertEquals(TaskState.TASK_KILLED, end.getState());
      assertThat(end.getMessage(), containsString("exited on SIGTERM"));
    }
  }
}
