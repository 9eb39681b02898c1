package org.mesosexec.work;

import java.util.Optional;

/** The POSIX signals the executor sends or reports, with Linux numbers and strsignal() names. */
public enum Signal {
  HUP(1, "Hangup"),
  INT(2, "Interrupt"),
  QUIT(3, "Quit"),
  ILL(4, "Illegal instruction"),
  TRAP(5, "Trace/breakpoint trap"),
  ABRT(6, "Aborted"),
  BUS(7, "Bus error"),
  FPE(8, "Floating point exception"),
  KILL(9, "Killed"),
  USR1(10, "User defined signal 1"),
  SEGV(11, "Segmentation fault"),
  USR2(12, "User defined signal 2"),
  PIPE(13, "Broken pipe"),
  ALRM(14, "Alarm clock"),
  TERM(15, "Terminated"),
  STOP(19, "Stopped (signal)"),
  CONT(18, "Continued"),
  XCPU(24, "CPU time limit exceeded"),
  XFSZ(25, "File size limit exceeded");

  private final int number;
  private final String description;

  Signal(int number, String description) {
    this.number = number;
    this.description = description;
  }

  public int number() {
    return number;
  }

  /** The name Mesos prints in "Command terminated with signal Killed". */
  public String description() {
    return description;
  }

  /** The signal with this number, if it is one the executor knows by name. */
  public static Optional<Signal> of(int number) {
    for (Signal s : values()) {
      if (s.number == number) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
