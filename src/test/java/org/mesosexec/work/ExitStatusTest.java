package org.mesosexec.work;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.OptionalInt;
import org.junit.Test;

/** How a process ended, in the words and JSON of DESIGN §5. */
public class ExitStatusTest {

  @Test
  public void zeroIsANormalExit() {
    ExitStatus status = ExitStatus.fromJvm(0);

    assertEquals(0, status.exitCode());
    assertEquals(OptionalInt.empty(), status.signal());
    assertEquals("Command exited with status 0", status.describe());
    assertEquals("{\"exit_code\":0,\"signal\":null}", status.toJson());
  }

  @Test
  public void nonZeroExitIsReportedWithItsStatus() {
    ExitStatus status = ExitStatus.fromJvm(3);

    assertEquals(3, status.exitCode());
    assertEquals(OptionalInt.empty(), status.signal());
    assertEquals("Command exited with status 3", status.describe());
    assertEquals("{\"exit_code\":3,\"signal\":null}", status.toJson());
  }

  @Test
  public void exitCode137IsSigkill() {
    ExitStatus status = ExitStatus.fromJvm(137);

    assertEquals(137, status.exitCode());
    assertEquals(OptionalInt.of(9), status.signal());
    assertEquals("Command terminated with signal Killed", status.describe());
    assertEquals("{\"exit_code\":137,\"signal\":9}", status.toJson());
  }

  @Test
  public void exitCode143IsSigterm() {
    ExitStatus status = ExitStatus.fromJvm(143);

    assertEquals(OptionalInt.of(15), status.signal());
    assertEquals("Command terminated with signal Terminated", status.describe());
    assertEquals("{\"exit_code\":143,\"signal\":15}", status.toJson());
  }

  @Test
  public void segfaultIsNamedAsStrsignalDoes() {
    assertEquals(
        "Command terminated with signal Segmentation fault", ExitStatus.fromJvm(139).describe());
  }

  @Test
  public void signalWithoutANameIsGivenByNumber() {
    ExitStatus status = ExitStatus.fromJvm(128 + 31);

    assertEquals(OptionalInt.of(31), status.signal());
    assertEquals("Command terminated with signal number 31", status.describe());
  }

  @Test
  public void exitCode128IsAPlainExit() {
    ExitStatus status = ExitStatus.fromJvm(128);

    assertEquals(OptionalInt.empty(), status.signal());
    assertEquals("Command exited with status 128", status.describe());
  }

  @Test
  public void exitCodesAboveTheSignalRangeArePlainExits() {
    ExitStatus status = ExitStatus.fromJvm(160);

    assertEquals(OptionalInt.empty(), status.signal());
    assertEquals("Command exited with status 160", status.describe());
    assertEquals("{\"exit_code\":160,\"signal\":null}", status.toJson());
  }

  @Test
  public void exitCode255IsAPlainExit() {
    assertEquals("Command exited with status 255", ExitStatus.fromJvm(255).describe());
  }

  @Test
  public void refusesASignalWhoseExitCodeDoesNotMatch() {
    assertThrows(IllegalArgumentException.class, () -> new ExitStatus(1, OptionalInt.of(9)));
  }
}
