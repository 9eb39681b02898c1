package org.mesosexec.task;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.Protos.CheckInfo;
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
              ProbeFields.command(
                  h.hasCommand() ? Optional.of(h.getCommand()) : Optional.empty(), at + ".command");
          case HTTP -> httpHealth(h, at);
          case TCP -> {
            ProbeFields.require(h.hasTcp(), at + ".tcp", "a TCP health check");
            yield new Probe.Tcp(
                ProbeFields.port(h.getTcp().hasPort(), h.getTcp().getPort(), at + ".tcp.port"),
                h.getTcp().getProtocol() == NetworkInfo.Protocol.IPv6);
          }
          default -> throw unknownType(at, type.name());
        };
    Timing timing =
        CheckPeriods.timing(at, h.getDelaySeconds(), h.getIntervalSeconds(), h.getTimeoutSeconds());
    Duration grace =
        CheckPeriods.seconds(at + ".grace_period_seconds", h.getGracePeriodSeconds(), false);
    return new HealthPlan(
        new CheckPlan(probe, timing),
        new HealthPolicy(
            grace,
            h.getConsecutiveFailures() < 0 ? Integer.MAX_VALUE : h.getConsecutiveFailures()));
  }

  private static Probe.Http httpHealth(HealthCheck h, String at) {
    ProbeFields.require(h.hasHttp(), at + ".http", "an HTTP health check");
    HealthCheck.HTTPCheckInfo http = h.getHttp();
    String scheme = http.hasScheme() ? http.getScheme() : "http";
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidTaskException(
          at + ".http.scheme must be \"http\" or \"https\", got \"" + Quote.cut(scheme) + "\"");
    }
    return new Probe.Http(
        scheme,
        ProbeFields.port(http.hasPort(), http.getPort(), at + ".http.port"),
        ProbeFields.path(http.getPath(), at + ".http.path"),
        http.getProtocol() == NetworkInfo.Protocol.IPv6);
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
              ProbeFields.command(
                  c.hasCommand() && c.getCommand().hasCommand()
                      ? Optional.of(c.getCommand().getCommand())
                      : Optional.empty(),
                  at + ".command.command");
          case HTTP -> {
            ProbeFields.require(c.hasHttp(), at + ".http", "an HTTP check");
            yield new Probe.Http(
                "http",
                ProbeFields.port(c.getHttp().hasPort(), c.getHttp().getPort(), at + ".http.port"),
                ProbeFields.path(c.getHttp().getPath(), at + ".http.path"),
                false);
          }
          case TCP -> {
            ProbeFields.require(c.hasTcp(), at + ".tcp", "a TCP check");
            yield new Probe.Tcp(
                ProbeFields.port(c.getTcp().hasPort(), c.getTcp().getPort(), at + ".tcp.port"),
                false);
          }
          default -> throw unknownType(at, type.name());
        };
    return new CheckPlan(
        probe,
        CheckPeriods.timing(
            at, c.getDelaySeconds(), c.getIntervalSeconds(), c.getTimeoutSeconds()));
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
}
