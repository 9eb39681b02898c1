package org.mesosexec.local;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.Test;
import org.mesosexec.api.FunctionTask;
import org.mesosexec.api.Task;
import org.mesosexec.testing.JvmExamples;
import org.mesosexec.testing.LocalRunner;
import org.mesosexec.testing.QuietContext;

/**
 * The checked-in {@code conf/examples/jvm-closure.json} holds the closure of {@link JvmExamples}:
 * its data still deserializes, through a filter that allows the examples and the API only, into a
 * task that returns what the example returns. A change to the example's class can make the
 * checked-in bytes stale (a closure is rebuilt by the class that defines it); to write the file
 * anew, run this test with {@code -Djvm.example.write=true}.
 */
public class JvmClosureExampleTest {
  private static final Path FILE =
      LocalRunner.projectRoot().resolve("conf/examples/jvm-closure.json");

  /** The allow-list the README gives for this example, and nothing else of the JDK's. */
  private static final ObjectInputFilter FILTER =
      ObjectInputFilter.Config.createFilter(
          "org.mesosexec.examples.*;org.mesosexec.api.FunctionTask;"
              + "java.lang.invoke.SerializedLambda;java.lang.Object;!*");

  @Test
  public void theCheckedInClosureDeserializesToTheExampleAndReturnsItsResult() throws Exception {
    if (Boolean.getBoolean("jvm.example.write")) {
      Files.writeString(FILE, JvmExamples.closureTaskFile());
    }
    String checkedIn = Files.readString(FILE);
    String base64 = checkedIn.replaceAll("(?s).*\"data\": \"([^\"]+)\".*", "$1");

    Task<?> task = deserialize(Base64.getDecoder().decode(base64));

    assertEquals(FunctionTask.class, task.getClass());
    assertEquals(JvmExamples.CLOSURE_RESULT, task.run(new QuietContext("closure", "null")));
    assertEquals(
        "the generator's closure returns the same",
        JvmExamples.CLOSURE_RESULT,
        deserialize(JvmExamples.closure()).run(new QuietContext("closure", "null")));
  }

  private static Task<?> deserialize(byte[] data) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      in.setObjectInputFilter(FILTER);
      return (Task<?>) in.readObject();
    }
  }
}
