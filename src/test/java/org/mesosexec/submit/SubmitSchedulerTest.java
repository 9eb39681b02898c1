package org.mesosexec.submit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkID;
import org.apache.mesos.Protos.MasterInfo;
import org.apache.mesos.Protos.Offer;
import org.apache.mesos.Protos.OfferID;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.client.ExecutorSetup;
import org.mesosexec.local.JsonLines;
import org.mesosexec.local.LocalOptions.Timed;
import org.mesosexec.testing.FakeScheduler;

/** The submit mode's framework against a fake driver: offers, launches, kills, lines, the end. */
public class SubmitSchedulerTest {
  private final ExecutorInfo executor =
      ExecutorSetup.fromArchive(URI.create("file:///srv/mesos-task-executor.tar.gz"))
          .resources(0.1, 128)
          .build("exec");
  private final FakeSchedulerDriver driver = new FakeSchedulerDriver();
  private final FakeScheduler clock = new FakeScheduler();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  private static TaskInfo task(String id, double cpus, double mem) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setSlaveId(SlaveID.newBuilder().setValue("unset"))
        .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"command\":\"true\"}"))
        .addResources(SubmitTasks.scalar("cpus", cpus))
        .addResources(SubmitTasks.scalar("mem", mem))
        .build();
  }

  private static Offer offer(String id, String agent, double cpus, double mem) {
    return Offer.newBuilder()
        .setId(OfferID.newBuilder().setValue(id))
        .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
        .setSlaveId(SlaveID.newBuilder().setValue(agent))
        .setHostname(agent + ".example.com")
        .addResources(SubmitTasks.scalar("cpus", cpus))
        .addResources(SubmitTasks.scalar("mem", mem))
        .build();
  }

  private static TaskStatus status(String id, TaskState state, String data) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setState(state)
        .setData(com.google.protobuf.ByteString.copyFromUtf8(data))
        .build();
  }

  private SubmitScheduler registered(List<TaskInfo> tasks, List<Timed<String>> kills) {
    SubmitScheduler s =
        new SubmitScheduler(
            SubmitTasks.prepare(tasks, executor),
            executor,
            kills,
            new JsonLines(new PrintStream(stdout, true, StandardCharsets.UTF_8)),
            clock);
    s.registered(
        driver,
        FrameworkID.newBuilder().setValue("fw-1").build(),
        MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050).setHostname("master").build());
    return s;
  }

  private List<String> lines() {
    return stdout.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  public void offersThatFitAreUsedAndTheOthersDeclined() {
    SubmitScheduler s = registered(List.of(task("a", 1, 64), task("b", 1, 64)), List.of());

    s.resourceOffers(
        driver, List.of(offer("o1", "agent-1", 1.5, 300), offer("o2", "agent-2", 0.5, 500)));
    s.resourceOffers(driver, List.of(offer("o3", "agent-1", 1, 64)));

    assertEquals(2, driver.launches.size());
    TaskInfo a = driver.launches.get(0).tasks().get(0);
    assertEquals("o1", driver.launches.get(0).offers().get(0).getValue());
    assertEquals(1, driver.launches.get(0).tasks().size());
    assertEquals("agent-1", a.getSlaveId().getValue());
    assertEquals(executor, a.getExecutor());
    assertEquals(
        "b on agent-1 needs no second executor share",
        "o3",
        driver.launches.get(1).offers().get(0).getValue());
    assertEquals(List.of(OfferID.newBuilder().setValue("o2").build()), driver.declined);
    assertEquals(1, driver.suppressed);
  }

  @Test
  public void everyUpdateAndMessageIsAJsonLineAndTheRunEndsWithTheTasksExitCode() {
    SubmitScheduler s = registered(List.of(task("a", 1, 64)), List.of());
    s.resourceOffers(driver, List.of(offer("o1", "agent-1", 4, 4096)));

    s.statusUpdate(driver, status("a", TaskState.TASK_RUNNING, ""));
    s.frameworkMessage(
        driver,
        executor.getExecutorId(),
        SlaveID.newBuilder().setValue("agent-1").build(),
        "{\"task-id\":\"a\",\"exit-code\":3}".getBytes(StandardCharsets.UTF_8));
    s.statusUpdate(driver, status("a", TaskState.TASK_FAILED, "{\"exit_code\":3,\"signal\":null}"));

    List<String> lines = lines();
    assertEquals(
        "{\"event\":\"registered\",\"framework_id\":\"fw-1\",\"master\":\"master:5050\",\"executor_id\":\"exec\"}",
        lines.get(0));
    assertTrue(
        lines.get(1),
        lines
            .get(1)
            .startsWith(
                "{\"event\":\"status\",\"status\":{\"task_id\":{\"value\":\"a\"},\"state\":\"TASK_RUNNING\""));
    assertEquals(
        "{\"event\":\"message\",\"message\":{\"task-id\":\"a\",\"exit-code\":3}}", lines.get(2));
    assertEquals("{\"event\":\"exit\",\"code\":3}", lines.get(4));
    assertEquals(3, s.exitCode());
    assertEquals("the framework is torn down, not failed over", List.of(false), driver.stops);
  }

  @Test
  public void severalTasksEndZeroOnlyIfEveryOneFinished() {
    SubmitScheduler s = registered(List.of(task("a", 1, 64), task("b", 1, 64)), List.of());

    s.statusUpdate(
        driver, status("a", TaskState.TASK_FINISHED, "{\"exit_code\":0,\"signal\":null}"));
    assertEquals(-1, s.exitCode());
    s.statusUpdate(
        driver, status("a", TaskState.TASK_FINISHED, "{\"exit_code\":0,\"signal\":null}"));
    assertEquals("a repeated terminal update counts once", -1, s.exitCode());
    s.statusUpdate(driver, status("b", TaskState.TASK_LOST, ""));

    assertEquals(1, s.exitCode());
    assertEquals(List.of(false), driver.stops);
  }

  @Test
  public void aKillAtItsTimeKillsALaunchedTaskAndDropsOneNotYetLaunched() {
    SubmitScheduler s =
        registered(
            List.of(task("a", 1, 64), task("b", 1, 64)),
            List.of(
                new Timed<>("a", Duration.ofSeconds(2)), new Timed<>("b", Duration.ofSeconds(3))));
    s.resourceOffers(driver, List.of(offer("o1", "agent-1", 1.1, 192)));

    clock.advance(Duration.ofMillis(1999));
    assertEquals(List.of(), driver.killed);
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(TaskID.newBuilder().setValue("a").build()), driver.killed);
    clock.advance(Duration.ofSeconds(1));
    s.resourceOffers(driver, List.of(offer("o2", "agent-1", 8, 8192)));

    assertEquals("b is never launched", 1, driver.launches.size());
    assertTrue(
        lines().toString(),
        lines().get(1).contains("\"task_id\":{\"value\":\"b\"},\"state\":\"TASK_KILLED\""));
    s.statusUpdate(driver, status("a", TaskState.TASK_KILLED, ""));
    assertEquals(1, s.exitCode());
  }

  @Test
  public void anInterruptKillsWhatRunsAndTearsDownWithinItsBudget() {
    SubmitScheduler s = registered(List.of(task("a", 1, 64)), List.of());
    s.resourceOffers(driver, List.of(offer("o1", "agent-1", 4, 4096)));

    int code = s.interrupt(Duration.ZERO);

    assertEquals(List.of(TaskID.newBuilder().setValue("a").build()), driver.killed);
    assertEquals(1, code);
    assertEquals(List.of(false), driver.stops);
    assertEquals("{\"event\":\"exit\",\"code\":1}", lines().get(lines().size() - 1));
  }
}
