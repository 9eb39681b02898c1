package org.mesosexec.aurora;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mesosexec.text.Quote;
import org.mesosexec.text.VariableNames;

/**
 * The environment an Aurora task gets on top of its spec's: the job's identity ({@code
 * AURORA_ROLE}, {@code AURORA_ENV}, {@code AURORA_JOB}, {@code AURORA_INSTANCE}, {@code
 * AURORA_TASK_ID}, {@code AURORA_HOST}, each when Aurora sent it), one {@code PORT_<NAME>} per
 * assigned port, and the task's labels as {@code MESOS_TASK_LABEL_<KEY>}, as hooks see them.
 * Stateless.
 */
public final class AuroraVariables {
  private AuroraVariables() {}

  /**
   * The variables of {@code task}, in this order: identity, ports, labels.
   *
   * @param labels the TaskInfo's labels, in order (Aurora's tier and the job's metadata)
   * @throws AuroraDataException for a port name that cannot become a variable, or two that become
   *     the same one
   */
  public static Map<String, String> of(AssignedTask task, Map<String, String> labels) {
    Map<String, String> env = new LinkedHashMap<>();
    task.job()
        .ifPresent(
            job -> {
              env.put("AURORA_ROLE", job.role());
              env.put("AURORA_ENV", job.environment());
              env.put("AURORA_JOB", job.name());
            });
    task.instanceId().ifPresent(i -> env.put("AURORA_INSTANCE", Integer.toString(i)));
    task.taskId().ifPresent(id -> env.put("AURORA_TASK_ID", id));
    task.slaveHost().ifPresent(host -> env.put("AURORA_HOST", host));
    env.putAll(ports(task.ports()));
    env.putAll(VariableNames.labels(labels));
    return env;
  }

  /** One {@code PORT_<NAME>} per port; two names that map to the same variable are refused. */
  static Map<String, String> ports(Map<String, Integer> ports) {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> nameOf = new HashMap<>();
    ports.forEach(
        (name, port) -> {
          String variable = portVariable(name);
          String other = nameOf.putIfAbsent(variable, name);
          if (other != null) {
            throw new AuroraDataException(
                "the ports \""
                    + Quote.cut(other)
                    + "\" and \""
                    + Quote.cut(name)
                    + "\" would both be "
                    + Quote.cut(variable)
                    + "; rename one of them in the job");
          }
          env.put(variable, Integer.toString(port));
        });
    return env;
  }

  /**
   * {@code PORT_} and the port's name upper-cased, every character other than {@code A-Z}, {@code
   * 0-9} and {@code _} made {@code _} ({@code http.admin} is {@code PORT_HTTP_ADMIN}, {@code 8080}
   * is {@code PORT_8080}: the prefix makes any such name a valid variable name).
   *
   * @throws AuroraDataException for a name with no ASCII letter or digit, which would say nothing
   */
  static String portVariable(String name) {
    if (name.chars().noneMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
      throw new AuroraDataException(
          "the port name \""
              + Quote.cut(name)
              + "\" cannot name a variable: PORT_<NAME> needs a name with an ASCII letter or"
              + " digit");
    }
    return "PORT_" + VariableNames.suffix(name);
  }
}
