package bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskState;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.local.JsonLines;
import org.mesosexec.local.TaskFile;

/**
 * The floor under the executor's start-up: a main on the executor's class path that does only one
 * of the things every start-up does before its first TASK_RUNNING, then prints one line and exits.
 * {@code log4j}: starts Log4j on {@code conf/log4j2.properties} (the sandbox in the working
 * directory, as Main sets it) and logs one line; {@code protos}: reads the task file through the
 * local mode's parser (protobuf's JSON mapping and the Mesos protos) and prints a TASK_RUNNING JSON
 * line for it; {@code both}: the two.
 *
 * <p>Arguments: the mode, then the task file.
 */
public final class StartupFloor {
  private StartupFloor() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String mode = args[0];
    if (!mode.equals("log4j")) {
      List<TaskInfo> tasks =
          TaskFile.read(Path.of(args[1]), SlaveID.newBuilder().setValue("floor").build());
      new JsonLines(out)
          .status(
              TaskStatus.newBuilder()
                  .setTaskId(tasks.get(0).getTaskId())
                  .setState(TaskState.TASK_RUNNING)
                  .build());
    }
    if (!mode.equals("protos")) {
      System.setProperty("executor.sandbox", Files.createTempDirectory("floor-").toString());
      LogManager.getLogger(StartupFloor.class).info("one line");
      if (mode.equals("log4j")) {
        out.println("{\"status\":{\"state\":\"TASK_RUNNING\"}}");
      }
    }
  }
}
