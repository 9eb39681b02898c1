package org.mesosexec.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.mesos.Protos.TaskStatus;
import org.mesosexec.json.Json;

/** The local mode's output: one JSON object per line on stdout, each flushed at once. */
public final class JsonLines {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private final PrintStream out;

  public JsonLines(PrintStream out) {
    this.out = out;
  }

  /** {@code {"event":"registered","sandbox":DIR,...}} with the given fields. */
  public void registered(JsonObject fields) {
    JsonObject line = new JsonObject();
    line.addProperty("event", "registered");
    fields.entrySet().forEach(e -> line.add(e.getKey(), e.getValue()));
    print(line.toString());
  }

  /** {@code {"event":"status","status":{...}}}, the status in protobuf's JSON mapping. */
  public void status(TaskStatus status) {
    try {
      print("{\"event\":\"status\",\"status\":" + PRINTER.print(status) + "}");
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("TaskStatus cannot be printed as JSON", e);
    }
  }

  /** {@code {"event":"message","message":...}}: the JSON value, else {@code {"base64":...}}. */
  public void message(byte[] data) {
    JsonElement value;
    try {
      value =
          Json.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString());
    } catch (CharacterCodingException | IllegalArgumentException notJson) {
      JsonObject raw = new JsonObject();
      raw.addProperty("base64", Base64.getEncoder().encodeToString(data));
      value = raw;
    }
    print("{\"event\":\"message\",\"message\":" + value + "}");
  }

  /** {@code {"event":"disconnected"}}: the simulated agent has gone away. */
  public void disconnected() {
    print("{\"event\":\"disconnected\"}");
  }

  /** {@code {"event":"reregistered"}}: the simulated agent is back and the executor reconnected. */
  public void reregistered() {
    print("{\"event\":\"reregistered\"}");
  }

  /** {@code {"event":"exit","code":N}}, the last line. */
  public void exit(int code) {
    print("{\"event\":\"exit\",\"code\":" + code + "}");
  }

  private synchronized void print(String line) {
    out.println(line);
    out.flush();
  }
}
