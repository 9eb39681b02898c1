package org.mesosexec.mesos;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertThrows;

import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos.Status;
import org.apache.mesos.Protos.TaskID;
import org.apache.mesos.Protos.TaskStatus;
import org.junit.Test;
import org.mockito.Mockito;

public class DriverSinkTest {
  @Test
  public void stagingIsNeverSent() {
    DriverSink sink = new DriverSink();
    ExecutorDriver d = Mockito.mock(ExecutorDriver.class);
    Mockito.when(d.sendStatusUpdate(Mockito.any())).thenReturn(Status.DRIVER_RUNNING);
    sink.attach(d);
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                sink.send(
                    TaskStatus.newBuilder()
                        .setTaskId(TaskID.newBuilder().setValue("t"))
                        .setState(org.apache.mesos.Protos.TaskState.TASK_STAGING)
                        .build()));
    assertThat(refused.getMessage(), containsString("TASK_STAGING"));
    Mockito.verify(d, Mockito.never()).sendStatusUpdate(Mockito.any());
  }
}
