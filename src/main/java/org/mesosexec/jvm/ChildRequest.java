package org.mesosexec.jvm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mesosexec.jvm.JvmSpec.Isolation;
import org.mesosexec.jvm.JvmSpec.ResultFormat;
import org.mesosexec.settings.JvmSettings;

/**
 * What the executor hands to {@link ChildMain} in a file: the task (a {@code jvm} spec, or the
 * bytes of a serialized task), where it runs, how its result is encoded, and where its outcome
 * goes.
 *
 * @param taskId the task's id
 * @param directory the task's directory, {@code tasks/<id>/}
 * @param sandbox the executor's sandbox, that class path entries are relative to
 * @param settings the JVM settings (filter, class path, result cap) as the executor read them
 * @param spec the {@code jvm} spec, or empty for a serialized task
 * @param serialized the serialized task, empty with a spec
 * @param result how the result is encoded
 * @param outcomeFile where {@link ChildMain} writes the {@link JvmOutcome}
 */
// The serialized task's bytes are carried as they are; the constructor and accessor copy them.
@SuppressWarnings("ArrayRecordComponent")
public record ChildRequest(
    String taskId,
    Path directory,
    Path sandbox,
    JvmSettings settings,
    Optional<JvmSpec> spec,
    byte[] serialized,
    ResultFormat result,
    Path outcomeFile) {
  /** The outcome file's name in the task's directory. */
  public static final String OUTCOME_FILE = ".jvm-outcome";

  private static final int MAGIC = 0x4a564d52; // "JVMR"

  public ChildRequest {
    Objects.requireNonNull(taskId);
    Objects.requireNonNull(directory);
    Objects.requireNonNull(sandbox);
    Objects.requireNonNull(settings);
    Objects.requireNonNull(spec);
    serialized = serialized.clone();
    Objects.requireNonNull(result);
    Objects.requireNonNull(outcomeFile);
    if (spec.isPresent() == (serialized.length > 0)) {
      throw new IllegalArgumentException("a child JVM runs either a spec or a serialized task");
    }
  }

  /** The request for a {@code jvm} spec task; its outcome goes to {@value #OUTCOME_FILE}. */
  public static ChildRequest forSpec(
      String taskId, Path directory, Path sandbox, JvmSettings settings, JvmSpec spec) {
    return new ChildRequest(
        taskId,
        directory,
        sandbox,
        settings,
        Optional.of(spec),
        new byte[0],
        spec.result(),
        directory.resolve(OUTCOME_FILE));
  }

  /** The request for a serialized task (result Java-serialized). */
  public static ChildRequest forSerialized(
      String taskId, Path directory, Path sandbox, JvmSettings settings, byte[] data) {
    return new ChildRequest(
        taskId,
        directory,
        sandbox,
        settings,
        Optional.empty(),
        data,
        ResultFormat.JAVA,
        directory.resolve(OUTCOME_FILE));
  }

  @Override
  public byte[] serialized() {
    return serialized.clone();
  }

  /** Writes the request to {@code file}, replacing it in one step. */
  public void write(Path file) throws IOException {
    RecordFile.write(
        file,
        MAGIC,
        out -> {
          strings(out, List.of(taskId, directory.toString(), sandbox.toString()));
          strings(out, List.of(result.name(), outcomeFile.toString()));
          strings(out, List.of(settings.serialFilter().orElse("")));
          strings(out, settings.classpath());
          out.writeInt(settings.threads());
          out.writeInt(settings.maxResultBytes());
          out.writeBoolean(spec.isPresent());
          if (spec.isPresent()) {
            JvmSpec s = spec.get();
            strings(out, List.of(s.className(), s.argsJson(), s.isolation().name()));
            strings(out, s.classpath());
            out.writeInt(s.heapMb().orElse(0));
          }
          RecordFile.writeBytes(out, serialized);
        });
  }

  /**
   * Reads a request that {@link #write} wrote.
   *
   * @throws IOException naming the file when it is missing, truncated or corrupt
   */
  public static ChildRequest read(Path file) throws IOException {
    return RecordFile.read(file, MAGIC, "a JVM task's request", ChildRequest::fields);
  }

  private static ChildRequest fields(DataInputStream in) throws IOException {
    List<String> where = strings(in, 3);
    List<String> how = strings(in, 2);
    ResultFormat result = enumOf(ResultFormat.class, how.get(0));
    String filter = strings(in, 1).get(0);
    JvmSettings settings =
        new JvmSettings(
            filter.isEmpty() ? Optional.empty() : Optional.of(filter),
            strings(in, -1),
            in.readInt(),
            in.readInt());
    Optional<JvmSpec> spec = Optional.empty();
    if (in.readBoolean()) {
      List<String> s = strings(in, 3);
      List<String> classpath = strings(in, -1);
      int heap = in.readInt();
      spec =
          Optional.of(
              new JvmSpec(
                  s.get(0),
                  classpath,
                  s.get(1),
                  enumOf(Isolation.class, s.get(2)),
                  result,
                  heap > 0 ? OptionalInt.of(heap) : OptionalInt.empty()));
    }
    return new ChildRequest(
        where.get(0),
        Path.of(where.get(1)),
        Path.of(where.get(2)),
        settings,
        spec,
        RecordFile.readBytes(in),
        result,
        Path.of(how.get(1)));
  }

  private static void strings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      RecordFile.writeString(out, s);
    }
  }

  /** A list of strings: {@code expected} of them, or any number up to 10,000 for -1. */
  private static List<String> strings(DataInputStream in, int expected) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > 10_000 || (expected >= 0 && count != expected)) {
      throw new RecordFile.CorruptException("a list of " + count + " strings");
    }
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(RecordFile.readString(in));
    }
    return strings;
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String name) throws IOException {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new RecordFile.CorruptException("unknown value '" + name + "'"));
  }
}
