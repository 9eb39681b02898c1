package org.mesosexec.testing;

import java.util.Base64;

/**
 * {@code conf/examples/aurora.json}: a task as Aurora's scheduler sends it, as a local mode
 * TASKFILE. Its {@code data} is an {@code AssignedTask} written by libthrift ({@link AuroraTasks}),
 * base64 as protobuf's JSON has bytes; its labels are those Aurora adds (the tier, the job's
 * metadata). The task prints the variables it got, becomes healthy after a second ({@code
 * running_after_healthy}) and finishes three seconds later.
 */
public final class AuroraExample {
  public static final String TASK_ID = "www-data-prod-hello-0-7f3a";

  /** The job's task spec, which Aurora passes on in {@code executorConfig.data}. */
  public static final String SPEC =
      "{\"command\": \"env | grep -E '^(AURORA|PORT|MESOS_TASK_LABEL)_' | sort; sleep 1;"
          + " touch ready; echo serving; sleep 3; echo done\","
          + " \"running_after_healthy\": true,"
          + " \"health_check\": {\"type\": \"COMMAND\","
          + " \"command\": {\"value\": \"test -f ready\"},"
          + " \"delay_seconds\": 0.2, \"interval_seconds\": 0.3, \"timeout_seconds\": 2,"
          + " \"grace_period_seconds\": 10, \"consecutive_failures\": 3}}";

  private AuroraExample() {}

  /** The {@code AssignedTask}: a realistic one, whose spec is {@link #SPEC}. */
  public static byte[] assignedTask() {
    return AuroraTasks.task().taskId(TASK_ID).data(SPEC).bytes();
  }

  /** The file's text, as it is checked in. */
  public static String taskFile() {
    return "{\n"
        + "  \"task_id\": {\"value\": \""
        + TASK_ID
        + "\"},\n"
        + "  \"name\": \"www-data/prod/hello\",\n"
        + "  \"labels\": {\"labels\": [\n"
        + "    {\"key\": \"org.apache.aurora.tier\", \"value\": \"preferred\"},\n"
        + "    {\"key\": \"org.apache.aurora.metadata.owner\", \"value\": \"team-a\"}\n"
        + "  ]},\n"
        + "  \"data\": \""
        + Base64.getEncoder().encodeToString(assignedTask())
        + "\"\n"
        + "}\n";
  }
}
