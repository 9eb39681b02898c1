package org.mesosexec.submit;

import org.apache.mesos.MesosSchedulerDriver;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Scheduler;

/**
 * The only class of the submit mode that touches libmesos' scheduler driver: load it only after
 * {@link org.mesosexec.mesos.NativeDriver#whyNotLoadable} found libmesos, as its class initializer
 * loads the library and throws without it.
 */
final class NativeScheduler {
  private NativeScheduler() {}

  /** Registers {@code framework} with {@code master} and runs until the driver stops. */
  static Status run(Scheduler scheduler, FrameworkInfo framework, String master) {
    return new MesosSchedulerDriver(scheduler, framework, master).run();
  }
}
