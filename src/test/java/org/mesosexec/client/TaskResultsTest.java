package org.mesosexec.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mesosexec.work.ExitStatus;

/** TaskStatus.data of the executor's terminal updates, as a scheduler decodes it. */
public class TaskResultsTest {
  private static TaskStatus withData(ByteString data) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("t1"))
        .setState(TaskState.TASK_FINISHED)
        .setData(data)
        .build();
  }

  private static TaskStatus serialized(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return withData(ByteString.copyFrom(bytes.toByteArray()));
  }

  @Test
  public void aCommandsExitCodeAndSignalAreRead() {
    TaskStatus exited =
        withData(ByteString.copyFromUtf8(new ExitStatus(3, OptionalInt.empty()).toJson()));
    TaskStatus killed =
        withData(ByteString.copyFromUtf8(new ExitStatus(137, OptionalInt.of(9)).toJson()));

    assertEquals(
        Optional.of(new TaskResults.Exit(3, OptionalInt.empty())), TaskResults.exit(exited));
    assertEquals(
        Optional.of(new TaskResults.Exit(137, OptionalInt.of(9))), TaskResults.exit(killed));
    assertEquals(Optional.empty(), TaskResults.exit(withData(ByteString.copyFromUtf8("[1]"))));
    assertEquals(Optional.empty(), TaskResults.exit(withData(ByteString.EMPTY)));
  }

  @Test
  public void aJsonResultIsItsText() {
    assertEquals(
        Optional.of("{\"loss\":0.25}"),
        TaskResults.jsonResult(withData(ByteString.copyFromUtf8("{\"loss\":0.25}"))));
    assertEquals(Optional.empty(), TaskResults.jsonResult(withData(ByteString.EMPTY)));
  }

  @Test
  public void aJavaResultIsDeserializedThroughTheCallersFilter() throws Exception {
    ObjectInputFilter lists =
        ObjectInputFilter.Config.createFilter("java.util.ArrayList;java.lang.*;!*");
    List<String> value = new ArrayList<>(List.of("a", "b"));

    assertEquals(Optional.of(value), TaskResults.javaResult(serialized(value), lists));
    assertEquals(Optional.of(42), TaskResults.javaResult(serialized(42), lists));
    assertEquals(Optional.empty(), TaskResults.javaResult(withData(ByteString.EMPTY), lists));
  }

  @Test
  public void aClassTheFilterDoesNotAllowIsRefused() throws Exception {
    ObjectInputFilter strings = ObjectInputFilter.Config.createFilter("java.lang.String;!*");
    TaskStatus map = serialized(new java.util.HashMap<>(java.util.Map.of("k", "v")));

    assertThrows(InvalidClassException.class, () -> TaskResults.javaResult(map, strings));
  }
}
