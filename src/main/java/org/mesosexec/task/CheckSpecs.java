package org.mesosexec.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.Protos.CheckInfo;
import org.apache.mesos.Protos.CommandInfo;
import org.apache.mesos.Protos.HealthCheck;
import org.apache.mesos.Protos.NetworkInfo;
import org.mesosexec.health.CheckPlan;
import org.mesosexec.health.HealthPlan;
import org.mesosexec.health.HealthPolicy;
import org.mesosexec.health.Probe;
import org.mesosexec.health.Timing;
import org.mesosexec.json.Json;
import org.mesosexec.text.Quote;

/**
 * Validates {@code HealthCheck} and {@code CheckInfo} as Mesos does, and turns them into plans.
 * Every refusal names the field, with the prefix it was given ({@code health_check}, {@code
 * TaskInfo.health_check}, {@code TaskInfo.check}).
 */
final class CheckSpecs {
  private static final Set<String> TYPES = Set.of("COMMAND", "HTTP", "TCP");

  /** Longer periods are as good as forever, and would overflow a {@link Duration}'s nanos. */
  private static final double MAX_SECONDS = 1e9;

  private CheckSpecs() {}

  /** The spec's {@code health_check}: the HealthCheck message in its JSON form. */
  static HealthPlan healthFromSpec(JsonElement e) {
    String at = "health_check";
    if (!e.isJsonObject()) {
      throw new InvalidTaskException("\"" + at + "\" must be an object, got " + Json.typeOf(e));
    }
    JsonObject o = e.getAsJsonObject();
    JsonElement type = o.get("type");
    if (type != null
        && type.isJsonPrimitive()
        && type.getAsJsonPrimitive().isString()
        && !TYPES.contains(type.getAsString())) {
      throw unknownType(at, type.getAsString());
    }
    for (String kind : List.of("http", "tcp")) {
      JsonElement k = o.get(kind);
      if (k != null && k.isJsonObject() && !k.getAsJsonObject().has("port")) {
        throw new InvalidTaskException(at + "." + kind + ".port is missing"); // required field
      }
    }
    HealthCheck.Builder b = HealthCheck.newBuilder();
    try {
      JsonFormat.parser().merge(o.toString(), b);
    } catch (InvalidProtocolBufferException | RuntimeException ex) {
      throw new InvalidTaskException(
          "\"" + at + "\" is not a valid HealthCheck: " + Quote.cut(ex.getMessage()));
    }
    return health(b.buildPartial(), at);
  }

  /** A {@code HealthCheck} with Mesos' defaults for what it leaves out. */
  static HealthPlan health(HealthCheck h, String at) {
    HealthCheck.Type type = h.getType();
    if (!h.hasType() || type == HealthCheck.Type.UNKNOWN) {
      type =
          HealthCheck.Type.valueOf(
              inferType(at, h.hasType(), h.hasCommand(), h.hasHttp(), h.hasTcp()).name());
    }
    Probe probe =
        switch (type) {
          case COMMAND ->
              command(
                  h.hasCommand() ? Optional.of(h.getCommand()) : Optional.empty(), at + ".command");
          case HTTP -> {
            require(h.hasHttp(), at + ".http", "an HTTP health check");
            HealthCheck.HTTPCheckInfo http = h.getHttp();
            String scheme = http.hasScheme() ? http.getScheme() : "http";
            if (!scheme.equals("http") && !scheme.equals("https")) {
              throw new InvalidTaskException(
                  at
                      + ".http.scheme must be \"http\" or \"https\", got \""
                      + Quote.cut(scheme)
                      + "\"");
            }
            yield new Probe.Http(
                scheme,
                port(http.hasPort(), http.getPort(), at + ".http.port"),
                path(http.getPath(), at + ".http.path"),
                http.getProtocol() == NetworkInfo.Protocol.IPv6);
          }
          case TCP -> {
            require(h.hasTcp(), at + ".tcp", "a TCP health check");
            yield new Probe.Tcp(
                port(h.getTcp().hasPort(), h.getTcp().getPort(), at + ".tcp.port"),
                h.getTcp().getProtocol() == NetworkInfo.Protocol.IPv6);
          }
          default -> throw unknownType(at, type.name());
        };
    Timing timing = timing(at, h.getDelaySeconds(), h.getIntervalSeconds(), h.getTimeoutSeconds());
    Duration grace = seconds(at + ".grace_period_seconds", h.getGracePeriodSeconds(), false);
    return new HealthPlan(
        new CheckPlan(probe, timing),
        new HealthPolicy(
            grace,
            h.getConsecutiveFailures() < 0 ? Integer.MAX_VALUE : h.getConsecutiveFailures()));
  }

  /** A {@code CheckInfo} with Mesos' defaults for what it leaves out. */
  static CheckPlan check(CheckInfo c, String at) {
    CheckInfo.Type type = c.getType();
    if (!c.hasType() || type == CheckInfo.Type.UNKNOWN) {
      type = inferType(at, c.hasType(), c.hasCommand(), c.hasHttp(), c.hasTcp());
    }
    Probe probe =
        switch (type) {
          case COMMAND ->
              command(
                  c.hasCommand() && c.getCommand().hasCommand()
                      ? Optional.of(c.getCommand().getCommand())
                      : Optional.empty(),
                  at + ".command.command");
          case HTTP -> {
            require(c.hasHttp(), at + ".http", "an HTTP check");
            yield new Probe.Http(
                "http",
                port(c.getHttp().hasPort(), c.getHttp().getPort(), at + ".http.port"),
                path(c.getHttp().getPath(), at + ".http.path"),
                false);
          }
          case TCP -> {
            require(c.hasTcp(), at + ".tcp", "a TCP check");
            yield new Probe.Tcp(
                port(c.getTcp().hasPort(), c.getTcp().getPort(), at + ".tcp.port"), false);
          }
          default -> throw unknownType(at, type.name());
        };
    return new CheckPlan(
        probe, timing(at, c.getDelaySeconds(), c.getIntervalSeconds(), c.getTimeoutSeconds()));
  }

  /**
   * The type a check without one means: the one kind it describes. Mesos since 1.2 requires the
   * type; older schedulers sent a command or an HTTP check without it.
   */
  private static CheckInfo.Type inferType(
      String at, boolean typeGiven, boolean command, boolean http, boolean tcp) {
    List<CheckInfo.Type> kinds = new ArrayList<>();
    if (command) {
      kinds.add(CheckInfo.Type.COMMAND);
    }
    if (http) {
      kinds.add(CheckInfo.Type.HTTP);
    }
    if (tcp) {
      kinds.add(CheckInfo.Type.TCP);
    }
    if (kinds.size() == 1 && !typeGiven) {
      return kinds.get(0);
    }
    throw typeGiven
        ? unknownType(at, "UNKNOWN")
        : new InvalidTaskException(at + ".type is missing; give COMMAND, HTTP or TCP");
  }

  private static InvalidTaskException unknownType(String at, String type) {
    return new InvalidTaskException(
        at + ".type \"" + Quote.cut(type) + "\" is not a check type; give COMMAND, HTTP or TCP");
  }

  private static Probe.Command command(Optional<CommandInfo> given, String at) {
    CommandInfo command =
        given.orElseThrow(
            () ->
                new InvalidTaskException(
                    at + " is missing: a COMMAND check needs the command to run"));
    if (!command.hasValue() || command.getValue().isBlank()) {
      throw new InvalidTaskException(
          at
              + ".value is missing: a COMMAND check needs "
              + (command.getShell() ? "the shell command" : "the program to run"));
    }
    Work work = TaskSources.work(command, at);
    Map<String, String> env = TaskSources.environment(command, at);
    FieldLimits.total(work.argv(), env);
    return new Probe.Command(work.argv(), env, TaskSources.user(command, at));
  }

  private static void require(boolean present, String at, String what) {
    if (!present) {
      throw new InvalidTaskException(at + " is missing: " + what + " needs it");
    }
  }

  private static int port(boolean present, int port, String at) {
    if (!present) {
      throw new InvalidTaskException(at + " is missing");
    }
    long p = Integer.toUnsignedLong(port);
    if (p < 1 || p > 65535) {
      throw new InvalidTaskException(at + " must be between 1 and 65535, got " + p);
    }
    return (int) p;
  }

  private static String path(String path, String at) {
    FieldLimits.text(path, at);
    if (!path.isEmpty() && !path.startsWith("/")) {
      throw new InvalidTaskException(at + " must start with '/', got \"" + Quote.cut(path) + "\"");
    }
    return path;
  }

  private static Timing timing(String at, double delay, double interval, double timeout) {
    Duration t = seconds(at + ".timeout_seconds", timeout, false);
    return new Timing(
        seconds(at + ".delay_seconds", delay, false),
        seconds(at + ".interval_seconds", interval, true),
        t.isZero() ? Optional.empty() : Optional.of(t));
  }

  private static Duration seconds(String at, double value, boolean positive) {
    if (Double.isNaN(value) || value < 0 || (positive && value == 0)) {
      throw new InvalidTaskException(
          at + " must be " + (positive ? "greater than 0" : "0 or more") + ", got " + value);
    }
    // A period too short to measure is still a period: never 0, which would mean "none".
    long nanos = Math.round(Math.min(value, MAX_SECONDS) * 1e9);
    return Duration.ofNanos(value > 0 ? Math.max(1, nanos) : 0);
  }
}
