package org.mesosexec;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Start-up errors in agent mode, which the script's own libmesos checks hide from the ITs: a bad
 * setting stops the executor with status 2 and a line that names the variable, before libmesos is
 * looked for.
 */
public class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env) {
    return Main.run(
        List.of(),
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  public void aBadRecoveryTimeoutUnderAnAgentIsAStartupErrorNamingIt() {
    int code =
        run(
            Map.of(
                "MESOS_SLAVE_PID",
                "slave(1)@127.0.0.1:5051",
                "MESOS_RECOVERY_TIMEOUT",
                "15 minutes"));

    assertEquals(Main.STARTUP_ERROR, code);
    assertThat(
        err.toString(StandardCharsets.UTF_8),
        containsString("mesos-task-executor: Setting MESOS_RECOVERY_TIMEOUT: '15 minutes'"));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  public void eachBadAgentVariableIsAStartupErrorNamingIt() {
    Map<String, String> bad =
        Map.of(
            "MESOS_CHECKPOINT", "true", "MESOS_DIRECTORY", "run/dir", "MESOS_SANDBOX", "./sandbox");
    for (Map.Entry<String, String> setting : bad.entrySet()) {
      err.reset();

      int code =
          run(
              Map.of(
                  "MESOS_SLAVE_PID",
                  "slave(1)@127.0.0.1:5051",
                  setting.getKey(),
                  setting.getValue()));

      assertEquals(setting.toString(), Main.STARTUP_ERROR, code);
      assertThat(
          err.toString(StandardCharsets.UTF_8),
          containsString("Setting " + setting.getKey() + ": '" + setting.getValue() + "'"));
    }
  }
}
