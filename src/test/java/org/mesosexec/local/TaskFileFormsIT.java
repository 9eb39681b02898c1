package org.mesosexec.local;

import static org.junit.Assert.assertEquals;
import static org.mesosexec.testing.StatusJson.assertExitData;
import static org.mesosexec.testing.StatusJson.field;
import static org.mesosexec.testing.StatusJson.idValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/** The forms a TASKFILE may take (DESIGN §3): each one runs its task. */
public class TaskFileFormsIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void arrayMixesEmbeddedAndBase64DataInProtoAndLowerCamelNames() throws Exception {
    String spec = "{\"argv\": [\"/bin/echo\", \"from base64\"]}";
    String base64 = Base64.getEncoder().encodeToString(spec.getBytes(StandardCharsets.UTF_8));
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        [
          {"task_id": {"value": "embedded"}, "name": "proto names",
           "kill_policy": {"grace_period": {"nanoseconds": 1000000000}},
           "data": {"command": "echo embedded"}},
          {"taskId": {"value": "base64"}, "name": "lowerCamel names",
           "killPolicy": {"gracePeriod": {"nanoseconds": "1000000000"}},
           "data": "%s"}
        ]
        """
                .formatted(base64));

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox")).run().assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    Path tasks = out.sandbox().resolve("tasks");
    for (String task : List.of("embedded", "base64")) {
      assertEquals(out.toString(), "TASK_FINISHED", field(out.terminal(task), "state"));
      assertExitData(out.terminal(task), 0, null);
      // slave_id was left out of the TASKFILE; the local agent's id stands in.
      out.statuses(task).forEach(s -> assertEquals("local-agent", idValue(s, "slave_id")));
    }
    assertEquals("embedded\n", Files.readString(tasks.resolve("embedded/stdout")));
    assertEquals("from base64\n", Files.readString(tasks.resolve("base64/stdout")));
  }

  @Test
  public void commandWithShellFalseExecsItsArgumentsWithoutAShell() throws Exception {
    Path taskFile =
        LocalRunner.writeFile(
            tmp.getRoot().toPath(),
            "t.json",
            """
        {"task_id": {"value": "exec"},
         "command": {"shell": false, "value": "/bin/echo",
                     "arguments": ["/bin/echo", "two words", "$HOME", "*"]}}
        """);

    ScriptOutput out =
        LocalRunner.local(taskFile, "--sandbox", tmp.newFolder("sandbox")).run().assertWellFormed();

    assertEquals(out.toString(), 0, out.exitStatus());
    assertEquals("TASK_FINISHED", field(out.terminal("exec"), "state"));
    assertEquals(
        "two words $HOME *\n", Files.readString(out.sandbox().resolve("tasks/exec/stdout")));
  }
}
