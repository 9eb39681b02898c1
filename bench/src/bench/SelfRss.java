package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The footprint baseline: a JVM that does nothing, then prints its own VmRSS (kB) and thread count
 * from {@code /proc/self/status} at the end of main, as {@code VmRSS Threads}.
 */
public final class SelfRss {
  private SelfRss() {}

  public static void main(String[] args) throws IOException {
    ProcStatus s = ProcStatus.read(Path.of("/proc/self/status"));
    System.out.println(s.rssKb() + " " + s.threads());
  }

  /** The lines of a {@code /proc/<pid>/status} file the footprint benchmark reads. */
  record ProcStatus(long rssKb, long hwmKb, int threads) {
    static ProcStatus read(Path status) throws IOException {
      long rss = -1;
      long hwm = -1;
      int threads = -1;
      for (String line : Files.readAllLines(status)) {
        String[] f = line.split("\\s+");
        switch (f[0]) {
          case "VmRSS:" -> rss = Long.parseLong(f[1]);
          case "VmHWM:" -> hwm = Long.parseLong(f[1]);
          case "Threads:" -> threads = Integer.parseInt(f[1]);
          default -> {}
        }
      }
      return new ProcStatus(rss, hwm, threads);
    }
  }
}
