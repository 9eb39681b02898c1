package org.mesosexec.submit;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.ScriptOutput;

/** {@code run-executor.sh --submit} on a machine without libmesos: a clear start-up error. */
public class SubmitScriptIT {
  @Test
  public void withoutLibmesosItExitsTwoNamingTheVariableAndThePathsTried() throws Exception {
    ScriptOutput out =
        LocalRunner.script("--submit", "localhost:5050", LocalRunner.example("hello.json"))
            .unset("MESOS_NATIVE_JAVA_LIBRARY")
            .unset("MESOS_SLAVE_PID")
            .run();

    assertEquals(out.stderr(), 2, out.exitStatus());
    assertThat(out.stderr(), containsString("MESOS_NATIVE_JAVA_LIBRARY"));
    assertThat(out.stderr(), containsString("/usr/local/lib/libmesos.so"));
    assertEquals("nothing on stdout", java.util.List.of(), out.stdoutLines());
  }

  @Test
  public void aMissingLibraryNamedByTheVariableIsAStartUpError() throws Exception {
    ScriptOutput out =
        LocalRunner.script("--submit", "localhost:5050", LocalRunner.example("hello.json"))
            .env("MESOS_NATIVE_JAVA_LIBRARY", "/nonexistent/libmesos.so")
            .run();

    assertEquals(out.stderr(), 2, out.exitStatus());
    assertThat(out.stderr(), containsString("MESOS_NATIVE_JAVA_LIBRARY=/nonexistent/libmesos.so"));
  }
}
