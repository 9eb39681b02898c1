package org.mesosexec.local;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.mesosexec.testing.StatusJson.field;
import static org.mesosexec.testing.Thrift.field;
import static org.mesosexec.testing.Thrift.list;
import static org.mesosexec.testing.Thrift.string;
import static org.mesosexec.testing.Thrift.struct;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.thrift.protocol.TType;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.AuroraTasks;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;
import org.mesosexec.testing.Thrift;
import org.mesosexec.testing.Thrift.Value;

/**
 * Bad Aurora task data, end to end through {@code run-executor.sh --local}: each bad task gets its
 * own clear refusal, {@code TASK_FAILED} / {@code REASON_TASK_INVALID} and nothing else, and a good
 * task beside them finishes.
 */
public class AuroraBadInputIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** Task id, its data (base64), and what its refusal says. */
  private record Bad(String id, String data, String says) {
    Bad(String id, byte[] data, String says) {
      this(id, Base64.getEncoder().encodeToString(data), says);
    }
  }

  private static List<Bad> badTasks() {
    byte[] whole = AuroraTasks.task().bytes();
    Value deep = struct();
    for (int i = 0; i < 100; i++) {
      deep = struct(field(1, deep));
    }
    Map<String, Integer> colliding = new LinkedHashMap<>();
    colliding.put("admin.ui", 1);
    colliding.put("admin-ui", 2);
    return List.of(
        new Bad("truncated", Arrays.copyOf(whole, whole.length - 7), "the data ends inside"),
        new Bad(
            "huge-length",
            new byte[] {11, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x', 0},
            "AssignedTask.taskId (field 1) declares 2147483647 bytes, but 2 are left"),
        new Bad(
            "huge-count",
            new byte[] {15, 0, 9, 8, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0},
            "declares 2147483647 elements"),
        new Bad("deep", AuroraTasks.task().extra(50, deep).bytes(), "is nested more than 64 deep"),
        new Bad(
            "wrong-type",
            Thrift.bytes(List.of(field(4, list(TType.STRING, string("x"))))),
            "AssignedTask.task (field 4) is a LIST; Aurora's api.thrift has a STRUCT there"),
        new Bad("no-task", AuroraTasks.task().withoutTask().bytes(), "has no task (field 4"),
        new Bad(
            "no-executor-config",
            AuroraTasks.task().withoutExecutorConfig().bytes(),
            "has no executorConfig (TaskConfig field 25)"),
        new Bad(
            "not-json",
            AuroraTasks.task().data("./serve --port 80").bytes(),
            "executorConfig.data is not JSON"),
        new Bad(
            "bad-port-name",
            AuroraTasks.task().ports(Map.of("--", 1)).bytes(),
            "the port name \"--\" cannot name a variable"),
        new Bad(
            "colliding-ports",
            AuroraTasks.task().ports(colliding).bytes(),
            "the ports \"admin.ui\" and \"admin-ui\" would both be PORT_ADMIN_UI"));
  }

  @Test
  public void eachBadTaskIsRefusedAsFailedAndAGoodOneFinishes() throws Exception {
    StringBuilder file = new StringBuilder("[\n");
    for (Bad bad : badTasks()) {
      file.append(entry(bad.id(), bad.data())).append(",\n");
    }
    file.append(
        entry(
            "good",
            Base64.getEncoder()
                .encodeToString(AuroraTasks.task().data("{\"command\": \"true\"}").bytes())));
    file.append("\n]\n");
    Path taskFile = LocalRunner.writeFile(tmp.getRoot().toPath(), "bad.json", file.toString());

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox")).run().assertWellFormed();

    for (Bad bad : badTasks()) {
      assertEquals(out.toString(), List.of("TASK_FAILED"), out.states(bad.id()));
      assertEquals(bad.id(), "REASON_TASK_INVALID", field(out.terminal(bad.id()), "reason"));
      assertThat(bad.id(), field(out.terminal(bad.id()), "message"), containsString(bad.says()));
    }
    assertEquals(
        out.toString(),
        List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"),
        out.states("good"));
    assertEquals("several tasks, not all finished", 1, out.exitStatus());
  }

  private static String entry(String id, String base64) {
    return "{\"task_id\": {\"value\": \"" + id + "\"}, \"data\": \"" + base64 + "\"}";
  }
}
