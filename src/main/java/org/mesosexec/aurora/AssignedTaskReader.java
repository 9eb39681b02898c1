package org.mesosexec.aurora;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.mesosexec.aurora.AssignedTask.ExecutorConfig;
import org.mesosexec.aurora.AssignedTask.JobKey;
import org.mesosexec.aurora.BinaryReader.Field;

/**
 * Reads an {@link AssignedTask} from the bytes Aurora's scheduler writes (TBinaryProtocol, no
 * compression): the fields it uses, in whatever order they come, every other field skipped whatever
 * it holds. A known field id with another type than {@code api.thrift} gives it, a missing {@code
 * task} or {@code executorConfig}, or bytes after the struct are refused.
 */
final class AssignedTaskReader {
  private final BinaryReader in;

  private AssignedTaskReader(byte[] data) {
    this.in = new BinaryReader(data);
  }

  /**
   * @throws AuroraDataException saying what is wrong and where
   */
  static AssignedTask read(byte[] data) {
    AssignedTaskReader reader = new AssignedTaskReader(data);
    Top top = reader.new Top();
    reader.struct("the AssignedTask", top::read);
    if (reader.in.remaining() > 0) {
      throw reader.in.fail(reader.in.remaining() + " bytes follow the end of the AssignedTask");
    }
    return top.task();
  }

  /** Reads a struct's fields: {@code known} reads the ones it knows and says so; others skip. */
  private void struct(String what, Predicate<Field> known) {
    in.enter(what);
    for (Field f = in.field(); !f.stop(); f = in.field()) {
      if (!known.test(f)) {
        in.skip(f.type());
      }
    }
    in.leave();
  }

  /** The AssignedTask's fields, as they are read. */
  private final class Top {
    private String taskId;
    private String host;
    private Config config;
    private Map<String, Integer> ports = Map.of();
    private OptionalInt instance = OptionalInt.empty();

    boolean read(Field f) {
      switch (f.id()) {
        case 1 -> taskId = string(f, "AssignedTask.taskId (field 1)");
        case 3 -> host = string(f, "AssignedTask.slaveHost (field 3)");
        case 4 -> {
          expect(f, ThriftType.STRUCT, "AssignedTask.task (field 4)");
          config = new Config();
          struct("AssignedTask.task", config::read);
        }
        case 5 -> {
          expect(f, ThriftType.MAP, "AssignedTask.assignedPorts (field 5)");
          ports = ports();
        }
        case 6 -> {
          expect(f, ThriftType.I32, "AssignedTask.instanceId (field 6)");
          instance = OptionalInt.of(in.i32());
        }
        default -> {
          return false;
        }
      }
      return true;
    }

    AssignedTask task() {
      if (config == null) {
        throw new AuroraDataException("the AssignedTask has no task (field 4, a TaskConfig)");
      }
      if (config.executor == null) {
        throw new AuroraDataException(
            "the AssignedTask's task has no executorConfig (TaskConfig field 25)");
      }
      return new AssignedTask(
          Optional.ofNullable(taskId),
          Optional.ofNullable(host),
          Optional.ofNullable(config.job),
          config.executor,
          ports,
          instance);
    }
  }

  /** The TaskConfig's fields that the executor reads, as they are read. */
  private final class Config {
    private JobKey job;
    private ExecutorConfig executor;

    boolean read(Field f) {
      switch (f.id()) {
        case 25 -> {
          String[] v = strings(f, "AssignedTask.task.executorConfig", "name", "data");
          executor = new ExecutorConfig(v[0], v[1]);
        }
        case 28 -> {
          String[] v = strings(f, "AssignedTask.task.job", "role", "environment", "name");
          job = new JobKey(v[0], v[1], v[2]);
        }
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A struct of strings: {@code names} are its fields 1, 2, ..., each empty when left out; other
   * fields are skipped.
   */
  private String[] strings(Field header, String what, String... names) {
    expect(header, ThriftType.STRUCT, what + " (field " + header.id() + ")");
    String[] values = new String[names.length];
    Arrays.fill(values, "");
    struct(
        what,
        f -> {
          if (f.id() < 1 || f.id() > names.length) {
            return false;
          }
          values[f.id() - 1] =
              string(f, what + "." + names[f.id() - 1] + " (field " + f.id() + ")");
          return true;
        });
    return values;
  }

  /** {@code map<string, i32>}: the element types must be those; a repeated name keeps its last. */
  private Map<String, Integer> ports() {
    String what = "AssignedTask.assignedPorts";
    in.enter(what);
    ThriftType key = in.elementType(what + "'s keys");
    ThriftType value = in.elementType(what + "'s values");
    if (key != ThriftType.STRING || value != ThriftType.I32) {
      throw in.fail(
          what + " is a map<" + key + ", " + value + ">; api.thrift has map<STRING, I32>");
    }
    int n = in.count(what, key.minBytes + value.minBytes);
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String name = in.string(what + " key");
      ports.put(name, in.i32());
    }
    in.leave();
    return ports;
  }

  private String string(Field f, String what) {
    expect(f, ThriftType.STRING, what);
    return in.string(what);
  }

  /** A known field id must have the type api.thrift gives it. */
  private void expect(Field f, ThriftType type, String what) {
    if (f.type() != type) {
      throw in.fail(what + " is a " + f.type() + "; Aurora's api.thrift has a " + type + " there");
    }
  }
}
