package org.mesosexec.submit;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.Protos.FrameworkInfo.Capability;
import org.mesosexec.local.LocalOptions;
import org.mesosexec.local.LocalOptions.Timed;
import org.mesosexec.text.Quote;

/**
 * The options of {@code run-executor.sh --submit MASTER TASKFILE [options]} (README "Submit mode").
 *
 * @param master the master, as libmesos takes it: {@code host:port}, {@code zk://...}
 * @param taskFile the same TASKFILE as the local mode's
 * @param executorUri where agents fetch the executor's archive; empty for the built one
 * @param kills task kills, timed from registration
 * @param capabilities the framework's capabilities
 */
public record SubmitOptions(
    String master,
    Path taskFile,
    Optional<URI> executorUri,
    List<Timed<String>> kills,
    List<Capability.Type> capabilities) {

  public static final String USAGE =
      "usage: run-executor.sh --submit MASTER TASKFILE [--executor-uri URI]"
          + " [--kill TASK_ID@SECONDS]... [--framework-capability NAME]...";

  public SubmitOptions {
    kills = List.copyOf(kills);
    capabilities = List.copyOf(capabilities);
  }

  /**
   * Parses the arguments that follow {@code --submit}.
   *
   * @throws IllegalArgumentException with a message for the user (the usage is added by the caller)
   */
  public static SubmitOptions parse(List<String> args) {
    List<String> positional = new ArrayList<>();
    Optional<URI> uri = Optional.empty();
    List<Timed<String>> kills = new ArrayList<>();
    List<Capability.Type> caps = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--executor-uri" -> uri = Optional.of(uri(value(args, ++i, a)));
        case "--kill" -> kills.add(LocalOptions.timed(value(args, ++i, a), a));
        case "--framework-capability" -> caps.add(LocalOptions.capability(value(args, ++i, a)));
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + Quote.cut(a));
          }
          positional.add(a);
        }
      }
    }
    if (positional.size() != 2) {
      throw new IllegalArgumentException(
          "expected MASTER and TASKFILE, got " + positional.size() + " arguments");
    }
    return new SubmitOptions(positional.get(0), Path.of(positional.get(1)), uri, kills, caps);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static URI uri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null) {
        throw new IllegalArgumentException(
            "--executor-uri "
                + Quote.cut(text)
                + ": needs a scheme (file://, http://, hdfs://...)");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--executor-uri: " + Quote.cut(e.getMessage()));
    }
  }
}
