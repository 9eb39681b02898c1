package bench;

import java.io.OutputStream;
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
import org.mesosexec.process.LibC;

/**
 * The floor under the executor's start-up: a main on the executor's class path that does only one
 * of the things every start-up does before its first TASK_RUNNING, then prints one line and exits.
 * {@code log4j}: starts Log4j on {@code conf/log4j2.properties} (the sandbox in a new directory)
 * and logs one line; {@code protos}: reads the task file through the local mode's parser
 * (protobuf's JSON mapping and the Mesos protos) and prints a TASK_RUNNING JSON line for it; {@code
 * both}: the two at once, as the executor overlaps them (Log4j on a thread of its own while the
 * main thread reads the task file), one log line, then the TASK_RUNNING line; {@code native}: libc
 * loaded through JNA and called, as the executor's process tracker does, then as {@code both}.
 *
 * <p>Arguments: the mode, the task file, and optionally {@code stay}: then the main stays up after
 * its line until its stdin ends, so that its footprint can be read from outside.
 */
public final class StartupFloor {
  private StartupFloor() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String mode = args[0];
    if (mode.equals("native") && LibC.load().map(LibC::getpid).isEmpty()) {
      throw new IllegalStateException("JNA could not load libc");
    }
    Thread log4j = null;
    if (!mode.equals("protos")) { // log4j, both, native
      System.setProperty("executor.sandbox", Files.createTempDirectory("floor-").toString());
      log4j = new Thread(() -> LogManager.getContext(false), "log4j-start");
      log4j.start();
    }
    List<TaskInfo> tasks = List.of();
    if (!mode.equals("log4j")) { // protos, both, native
      tasks = TaskFile.read(Path.of(args[1]), SlaveID.newBuilder().setValue("floor").build());
    }
    if (log4j != null) {
      log4j.join();
      LogManager.getLogger(StartupFloor.class).info("one line");
    }
    if (tasks.isEmpty()) {
      out.println("{\"status\":{\"state\":\"TASK_RUNNING\"}}");
    } else {
      new JsonLines(out)
          .status(
              TaskStatus.newBuilder()
                  .setTaskId(tasks.get(0).getTaskId())
                  .setState(TaskState.TASK_RUNNING)
                  .build());
    }
    if (args.length > 2 && args[2].equals("stay")) {
      System.in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
