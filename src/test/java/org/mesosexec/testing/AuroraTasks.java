package org.mesosexec.testing;

import static org.mesosexec.testing.Thrift.bool;
import static org.mesosexec.testing.Thrift.dbl;
import static org.mesosexec.testing.Thrift.field;
import static org.mesosexec.testing.Thrift.i32;
import static org.mesosexec.testing.Thrift.i64;
import static org.mesosexec.testing.Thrift.list;
import static org.mesosexec.testing.Thrift.map;
import static org.mesosexec.testing.Thrift.set;
import static org.mesosexec.testing.Thrift.string;
import static org.mesosexec.testing.Thrift.struct;
import static org.mesosexec.testing.Thrift.union;
import static org.mesosexec.testing.Thrift.uuid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.thrift.protocol.TType;
import org.mesosexec.testing.Thrift.Field;
import org.mesosexec.testing.Thrift.Value;

/**
 * Aurora's {@code AssignedTask} as its scheduler puts it in {@code TaskInfo.data} (field ids and
 * types of Aurora's {@code api.thrift}, binary protocol, no compression), written by libthrift. By
 * default a realistic task: every field the executor reads, and around them the fields it skips
 * (sets of unions, maps, lists, nested structs), as a scheduler sends them. Each setter changes one
 * thing, so that a test says what it is about.
 */
public final class AuroraTasks {
  private String taskId = "www-data-prod-hello-0-7f3a";
  private String slaveHost = "agent-1.example.com";
  private Integer instanceId = 0;
  private String role = "www-data";
  private String environment = "prod";
  private String jobName = "hello";
  private boolean job = true;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private String executorName = "mesos-task-executor";
  private String data = "{\"command\": \"echo hello\"}";
  private boolean executorConfig = true;
  private boolean task = true;
  private boolean skippedFields = true;
  private boolean reversed;
  private final List<Field> extraTop = new ArrayList<>();
  private final List<Field> extraConfig = new ArrayList<>();

  private AuroraTasks() {
    ports.put("http", 31000);
    ports.put("admin.port", 31001);
  }

  /** A realistic task whose spec is {@code {"command": "echo hello"}}. */
  public static AuroraTasks task() {
    return new AuroraTasks();
  }

  public AuroraTasks data(String data) {
    this.data = data;
    return this;
  }

  public AuroraTasks executorName(String name) {
    this.executorName = name;
    return this;
  }

  public AuroraTasks taskId(String id) {
    this.taskId = id;
    return this;
  }

  public AuroraTasks host(String host) {
    this.slaveHost = host;
    return this;
  }

  public AuroraTasks instance(Integer id) {
    this.instanceId = id;
    return this;
  }

  public AuroraTasks job(String role, String environment, String name) {
    this.role = role;
    this.environment = environment;
    this.jobName = name;
    return this;
  }

  public AuroraTasks withoutJob() {
    this.job = false;
    return this;
  }

  /** The assigned ports, in this order, instead of {@code http} and {@code admin.port}. */
  public AuroraTasks ports(Map<String, Integer> ports) {
    this.ports.clear();
    this.ports.putAll(ports);
    return this;
  }

  public AuroraTasks withoutTask() {
    this.task = false;
    return this;
  }

  public AuroraTasks withoutExecutorConfig() {
    this.executorConfig = false;
    return this;
  }

  /** Only the fields the executor reads. */
  public AuroraTasks withoutSkippedFields() {
    this.skippedFields = false;
    return this;
  }

  /** Every struct's fields in reverse order. */
  public AuroraTasks reversed() {
    this.reversed = true;
    return this;
  }

  /** One more field of the AssignedTask (an unknown one, or a known id with another type). */
  public AuroraTasks extra(int id, Value value) {
    extraTop.add(field(id, value));
    return this;
  }

  /** One more field of the TaskConfig. */
  public AuroraTasks extraInTask(int id, Value value) {
    extraConfig.add(field(id, value));
    return this;
  }

  public byte[] bytes() {
    List<Field> top = new ArrayList<>();
    top.add(field(1, string(taskId)));
    top.add(field(2, string("agent-id-S1")));
    top.add(field(3, string(slaveHost)));
    if (task) {
      top.add(field(4, struct(order(taskConfig()))));
    }
    List<Value> pairs = new ArrayList<>();
    ports.forEach(
        (name, port) -> {
          pairs.add(string(name));
          pairs.add(i32(port));
        });
    top.add(field(5, map(TType.STRING, TType.I32, pairs.toArray(new Value[0]))));
    if (instanceId != null) {
      top.add(field(6, i32(instanceId)));
    }
    top.addAll(extraTop);
    return Thrift.bytes(order(top));
  }

  private List<Field> taskConfig() {
    List<Field> fields = new ArrayList<>();
    if (job) {
      fields.add(
          field(28, struct(order(keyFields(string(role), string(environment), string(jobName))))));
    }
    if (executorConfig) {
      fields.add(
          field(
              25, struct(order(List.of(field(1, string(executorName)), field(2, string(data)))))));
    }
    if (skippedFields) {
      fields.addAll(skipped());
    }
    fields.addAll(extraConfig);
    return fields;
  }

  private static List<Field> keyFields(Value role, Value environment, Value name) {
    return List.of(field(1, role), field(2, environment), field(3, name));
  }

  /** TaskConfig's fields that the executor skips, with the types Aurora gives them. */
  private List<Field> skipped() {
    List<Field> fields = new ArrayList<>();
    fields.add(field(17, struct(field(1, string(role)), field(2, string("deployer")))));
    fields.add(field(7, bool(true)));
    fields.add(field(8, dbl(0.5)));
    fields.add(field(9, i64(128)));
    fields.add(field(10, i64(256)));
    fields.add(field(11, i32(0)));
    fields.add(field(13, i32(3)));
    fields.add(field(18, bool(false)));
    fields.add(field(30, string("preferred")));
    fields.addAll(collections());
    fields.addAll(moreCollections());
    return fields;
  }

  /** TaskConfig's resources and constraints: sets of unions. */
  private static List<Field> collections() {
    return List.of(
        field(
            32,
            set(
                TType.STRUCT,
                union(1, dbl(0.5)),
                union(2, i64(128)),
                union(3, i64(256)),
                union(4, string("http")),
                union(4, string("admin.port")))),
        field(
            20,
            set(
                TType.STRUCT,
                struct(
                    field(1, string("rack")),
                    field(
                        2,
                        union(
                            1,
                            struct(
                                field(1, bool(true)),
                                field(2, set(TType.STRING, string("r1"), string("r2"))))))),
                struct(field(1, string("host")), field(2, union(2, struct(field(1, i32(1)))))))),
        field(21, set(TType.STRING, string("http"), string("admin.port"))));
  }

  /** TaskConfig's maps, more sets and a union, and fields no version of Aurora has. */
  private static List<Field> moreCollections() {
    return List.of(
        field(
            22,
            map(TType.STRING, TType.STRING, string("http"), string("http://%host%:%port:http%"))),
        field(23, string("team@example.com")),
        field(
            27,
            set(
                TType.STRUCT,
                struct(field(1, string("owner")), field(2, string("team-a"))),
                struct(field(1, string("release")), field(2, string("42"))))),
        field(29, union(1, struct())),
        field(
            33,
            set(
                TType.STRUCT,
                struct(
                    field(1, string("https://repo.example.com/app.tar.gz")),
                    field(2, bool(true)),
                    field(3, bool(false))))),
        field(99, list(TType.LIST, list(TType.I64, i64(1), i64(2)), list(TType.I64))),
        field(100, uuid(UUID.fromString("6e5a2f62-4bb9-4c5e-9f57-0c3f6a4f3b10"))),
        field(101, map(TType.I16, TType.BYTE, Thrift.i16((short) 7), Thrift.i8((byte) 1))));
  }

  private List<Field> order(List<Field> fields) {
    return reversed ? Thrift.reversed(fields) : fields;
  }
}
