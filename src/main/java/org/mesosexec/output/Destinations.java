package org.mesosexec.output;

import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.appender.routing.RoutingAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * Whether the events logger has somewhere to write: an appender that Log4j could not build (a
 * Socket appender whose host does not resolve) is missing from its configuration, and what is
 * logged then reaches nothing without an error. Whether it writes to the tasks' files: a Routing
 * appender among them, as the default configuration has. The answers are kept per configuration,
 * which a reconfiguration replaces.
 */
final class Destinations {
  private static Configuration checked;
  private static boolean exist;
  private static boolean routed;

  private Destinations() {}

  static synchronized boolean exist(Logger logger) {
    if (!(logger instanceof org.apache.logging.log4j.core.Logger core)) {
      return true; // another Log4j implementation: it is its own to check
    }
    check(core);
    return exist;
  }

  /** Whether the logger writes through a Routing appender: to the tasks' own files. */
  static synchronized boolean routed(Logger logger) {
    if (!(logger instanceof org.apache.logging.log4j.core.Logger core)) {
      return true; // another Log4j implementation: the files are made for it
    }
    check(core);
    return routed;
  }

  private static void check(org.apache.logging.log4j.core.Logger core) {
    Configuration now = core.getContext().getConfiguration();
    if (now != checked) {
      checked = now;
      exist = core.getAppenders().values().stream().anyMatch(Appender::isStarted);
      routed = core.getAppenders().values().stream().anyMatch(RoutingAppender.class::isInstance);
    }
  }
}
