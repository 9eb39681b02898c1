package org.mesosexec.health;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos.CheckInfo;

/** What one check attempt does: run a command, GET a URL, or open a TCP connection. */
public sealed interface Probe {
  /** The kind of check, as {@code CheckStatusInfo.type} names it. */
  CheckInfo.Type type();

  /**
   * A command run in the task's directory and environment; exit status 0 passes.
   *
   * @param argv program and arguments ({@code /bin/sh -c CMD} for a shell command)
   * @param env variables laid over the task's environment
   * @param user user to run as instead of the task's, if given
   */
  record Command(List<String> argv, Map<String, String> env, Optional<String> user)
      implements Probe {
    public Command {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }

    @Override
    public CheckInfo.Type type() {
      return CheckInfo.Type.COMMAND;
    }
  }

  /**
   * An HTTP GET of {@code scheme://127.0.0.1:port/path} ({@code [::1]} for IPv6); a status of 200
   * to 399 passes, after redirects.
   */
  record Http(String scheme, int port, String path, boolean ipv6) implements Probe {
    @Override
    public CheckInfo.Type type() {
      return CheckInfo.Type.HTTP;
    }

    /** The URL the check requests. */
    public String url() {
      return scheme + "://" + host(ipv6) + ":" + port + path;
    }
  }

  /** A TCP connection to {@code 127.0.0.1:port} ({@code [::1]} for IPv6); connecting passes. */
  record Tcp(int port, boolean ipv6) implements Probe {
    @Override
    public CheckInfo.Type type() {
      return CheckInfo.Type.TCP;
    }
  }

  /** Mesos checks the task on loopback, by address: an image's hosts file may lack localhost. */
  static String host(boolean ipv6) {
    return ipv6 ? "[::1]" : "127.0.0.1";
  }
}
