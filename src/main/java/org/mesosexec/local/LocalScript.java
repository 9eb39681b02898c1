package org.mesosexec.local;

import java.util.List;
import org.apache.mesos.Protos.ExecutorInfo;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.SlaveInfo;
import org.apache.mesos.Protos.TaskInfo;

/**
 * The events of one local run.
 *
 * @param executorInfo what {@code registered} reports
 * @param framework the simulated framework, with its capabilities
 * @param agent the simulated agent
 * @param tasks the tasks to launch, in order
 * @param options the timed kills, messages and shutdown
 */
public record LocalScript(
    ExecutorInfo executorInfo,
    FrameworkInfo framework,
    SlaveInfo agent,
    List<TaskInfo> tasks,
    LocalOptions options) {}
