package org.mesosexec.submit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.mesos.Protos.ExecutorID;
import org.apache.mesos.Protos.Filters;
import org.apache.mesos.Protos.FrameworkInfo;
import org.apache.mesos.Protos.Offer;
import org.apache.mesos.Protos.OfferID;
import org.apache.mesos.Protos.Request;
import org.apache.mesos.Protos.SlaveID;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskInfo;
import org.apache.mesos.Protos.TaskStatus;
import org.apache.mesos.SchedulerDriver;

/** A {@link SchedulerDriver} that records what the framework asked the master to do. */
// The deprecated overloads are part of the interface, so a fake implements them too.
@SuppressWarnings("deprecation")
final class FakeSchedulerDriver implements SchedulerDriver {
  /** One launchTasks call. */
  record Launch(List<OfferID> offers, List<TaskInfo> tasks) {}

  final List<Launch> launches = new ArrayList<>();
  final List<OfferID> declined = new ArrayList<>();
  final List<TaskID> killed = new ArrayList<>();
  final List<Boolean> stops = new ArrayList<>();
  int suppressed;

  @Override
  public synchronized Status launchTasks(
      Collection<OfferID> offers, Collection<TaskInfo> tasks, Filters filters) {
    launches.add(new Launch(List.copyOf(offers), List.copyOf(tasks)));
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status launchTasks(Collection<OfferID> offers, Collection<TaskInfo> tasks) {
    return launchTasks(offers, tasks, Filters.getDefaultInstance());
  }

  @Override
  public Status launchTasks(OfferID offer, Collection<TaskInfo> tasks, Filters filters) {
    return launchTasks(List.of(offer), tasks, filters);
  }

  @Override
  public Status launchTasks(OfferID offer, Collection<TaskInfo> tasks) {
    return launchTasks(List.of(offer), tasks, Filters.getDefaultInstance());
  }

  @Override
  public synchronized Status declineOffer(OfferID offer, Filters filters) {
    declined.add(offer);
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status declineOffer(OfferID offer) {
    return declineOffer(offer, Filters.getDefaultInstance());
  }

  @Override
  public synchronized Status killTask(TaskID task) {
    killed.add(task);
    return Status.DRIVER_RUNNING;
  }

  @Override
  public synchronized Status stop(boolean failover) {
    stops.add(failover);
    return Status.DRIVER_STOPPED;
  }

  @Override
  public Status stop() {
    return stop(false);
  }

  @Override
  public synchronized Status suppressOffers() {
    suppressed++;
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status suppressOffers(Collection<String> roles) {
    return suppressOffers();
  }

  @Override
  public Status start() {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status abort() {
    return Status.DRIVER_ABORTED;
  }

  @Override
  public Status join() {
    return Status.DRIVER_STOPPED;
  }

  @Override
  public Status run() {
    return Status.DRIVER_STOPPED;
  }

  @Override
  public Status requestResources(Collection<Request> requests) {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status acceptOffers(
      Collection<OfferID> offers, Collection<Offer.Operation> operations, Filters filters) {
    throw new UnsupportedOperationException("the framework launches with launchTasks");
  }

  @Override
  public Status reviveOffers() {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status reviveOffers(Collection<String> roles) {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status acknowledgeStatusUpdate(TaskStatus status) {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status sendFrameworkMessage(ExecutorID executor, SlaveID agent, byte[] data) {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status reconcileTasks(Collection<TaskStatus> statuses) {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status updateFramework(FrameworkInfo framework, Collection<String> roles) {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status updateFramework(
      FrameworkInfo framework,
      Collection<String> roles,
      org.apache.mesos.scheduler.Protos.OfferConstraints constraints) {
    return Status.DRIVER_RUNNING;
  }
}
