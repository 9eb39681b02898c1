package org.mesosexec.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mesosexec.output.EventFormat;

/**
 * The settings of output events (README "Output events"), read with the others at start-up.
 *
 * @param format what every task's output lines are parsed as ({@code EXECUTOR_OUTPUT_EVENTS}); a
 *     task's {@code output.events} overrides it
 * @param dropKeys keys removed from every event ({@code EXECUTOR_OUTPUT_EVENTS_DROP_KEYS})
 * @param ratePerSecond events one task may send per second; more are dropped and counted ({@code
 *     EXECUTOR_OUTPUT_EVENTS_RATE})
 * @param buffer events waiting for the destination, all tasks together; more are dropped and
 *     counted ({@code EXECUTOR_OUTPUT_EVENTS_BUFFER})
 * @param host the Logstash host of the shipped Socket configuration ({@code
 *     EXECUTOR_OUTPUT_EVENTS_HOST}); resolved by Log4j when it connects, never at start-up
 * @param port its port ({@code EXECUTOR_OUTPUT_EVENTS_PORT})
 * @param log4jConfig the operator's own Log4j 2 configuration, read after conf/log4j2.properties
 *     ({@code EXECUTOR_LOG4J_CONFIG})
 */
public record EventSettings(
    EventFormat format,
    List<String> dropKeys,
    int ratePerSecond,
    int buffer,
    String host,
    int port,
    Optional<Path> log4jConfig) {

  /** The variables read here, none of which is passed on to a task. */
  public static final List<String> VARIABLES =
      List.of(
          "EXECUTOR_OUTPUT_EVENTS",
          "EXECUTOR_OUTPUT_EVENTS_DROP_KEYS",
          "EXECUTOR_OUTPUT_EVENTS_RATE",
          "EXECUTOR_OUTPUT_EVENTS_BUFFER",
          "EXECUTOR_OUTPUT_EVENTS_HOST",
          "EXECUTOR_OUTPUT_EVENTS_PORT",
          "EXECUTOR_LOG4J_CONFIG");

  public EventSettings {
    Objects.requireNonNull(format);
    dropKeys = List.copyOf(dropKeys);
    Objects.requireNonNull(host);
    Objects.requireNonNull(log4jConfig);
  }

  static EventSettings fromEnvironment(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    return new EventSettings(
        r.get("EXECUTOR_OUTPUT_EVENTS", "off", EventFormat::parse),
        r.get("EXECUTOR_OUTPUT_EVENTS_DROP_KEYS", "", SettingParsers::names),
        r.get(
            "EXECUTOR_OUTPUT_EVENTS_RATE",
            "1000",
            v -> SettingParsers.atMost(SettingParsers.atLeast(v, 1), 1_000_000)),
        r.get(
            "EXECUTOR_OUTPUT_EVENTS_BUFFER",
            "10000",
            v -> SettingParsers.atMost(SettingParsers.atLeast(v, 16), 1_000_000)),
        r.get("EXECUTOR_OUTPUT_EVENTS_HOST", "localhost", EventSettings::host),
        r.get(
            "EXECUTOR_OUTPUT_EVENTS_PORT",
            "5000",
            v -> SettingParsers.atMost(SettingParsers.atLeast(v, 1), 65535)),
        r.get("EXECUTOR_LOG4J_CONFIG", "", EventSettings::readableFile));
  }

  /** A host name or address as written; whether it resolves is Log4j's to find out, not fatal. */
  private static String host(String v) {
    if (v.isBlank() || v.length() > 253 || v.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      throw new IllegalArgumentException(SettingParsers.quoted(v) + " is not a host name");
    }
    return v;
  }

  private static Optional<Path> readableFile(String v) {
    if (v.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(v);
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException(SettingParsers.quoted(v) + " must be an absolute path");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          SettingParsers.quoted(v) + " is not a readable Log4j 2 configuration file");
    }
    return Optional.of(file);
  }
}
