package org.mesosexec.aurora;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the executor reads of Apache Aurora's {@code AssignedTask} (its {@code api.thrift}), which
 * Aurora puts in {@code TaskInfo.data}; every other field is skipped.
 *
 * @param taskId {@code taskId} (field 1)
 * @param slaveHost {@code slaveHost} (3), the agent's host name
 * @param job {@code task.job} (4, then 28 of {@code TaskConfig})
 * @param executorConfig {@code task.executorConfig} (4, then 25), always present
 * @param ports {@code assignedPorts} (5), name to port, in the order Aurora wrote them
 * @param instanceId {@code instanceId} (6)
 */
public record AssignedTask(
    Optional<String> taskId,
    Optional<String> slaveHost,
    Optional<JobKey> job,
    ExecutorConfig executorConfig,
    Map<String, Integer> ports,
    OptionalInt instanceId) {
  public AssignedTask {
    Objects.requireNonNull(taskId);
    Objects.requireNonNull(slaveHost);
    Objects.requireNonNull(job);
    Objects.requireNonNull(executorConfig);
    ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    Objects.requireNonNull(instanceId);
  }

  /**
   * Whether {@code data} is taken for an AssignedTask (DESIGN §4, source 2): it is not JSON (its
   * first byte other than JSON's white space is neither '{' nor '['), its first byte is a Thrift
   * type code, and it holds a NUL byte, as every field header with an id below 256 does and text
   * never does. Such data is then read as an AssignedTask, or refused as one.
   */
  public static boolean recognises(byte[] data) {
    int first = 0;
    while (first < data.length && isJsonSpace(data[first])) {
      first++;
    }
    if (first == data.length || data[first] == '{' || data[first] == '[') {
      return false;
    }
    if (ThriftType.of(data[0] & 0xff).isEmpty()) {
      return false;
    }
    for (byte b : data) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /**
   * Reads an AssignedTask from Thrift's binary protocol, as Aurora's scheduler writes it.
   *
   * @throws AuroraDataException saying what is wrong and where
   */
  public static AssignedTask read(byte[] data) {
    return AssignedTaskReader.read(data);
  }

  /**
   * A job's key; a field Aurora left out is empty.
   *
   * @param role {@code role} (1), the Unix account the job belongs to
   * @param environment {@code environment} (2), such as {@code prod}
   * @param name {@code name} (3)
   */
  public record JobKey(String role, String environment, String name) {
    public JobKey {
      Objects.requireNonNull(role);
      Objects.requireNonNull(environment);
      Objects.requireNonNull(name);
    }
  }

  /**
   * The job's {@code ExecutorConfig}; a field Aurora left out is empty.
   *
   * @param name {@code name} (1): the executor the job chose
   * @param data {@code data} (2): the job's own string, passed on verbatim
   */
  public record ExecutorConfig(String name, String data) {
    public ExecutorConfig {
      Objects.requireNonNull(name);
      Objects.requireNonNull(data);
    }
  }
}
