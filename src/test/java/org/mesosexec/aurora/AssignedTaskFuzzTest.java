package org.mesosexec.aurora;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.mesosexec.testing.AuroraTasks;

/**
 * Truncated and mutated AssignedTasks, thousands of them from a fixed seed: the decoder either
 * reads one or refuses it with an {@link AuroraDataException}, nothing else escapes, and what it
 * allocates is bounded by the input's size.
 */
public class AssignedTaskFuzzTest {
  private static final long SEED = 0x5eed_13L;
  private static final int MUTATIONS = 5_000;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * The most a decode may allocate: a few dozen heap bytes per input byte (a port costs a map
   * entry, a String and an Integer for its 8 bytes at least) plus a refusal's exception and
   * message.
   */
  private static long allowance(byte[] input) {
    return 48L * input.length + 256 * 1024;
  }

  /** A decode: whether it was refused, and how many bytes it allocated. */
  private record Decode(boolean refused, long allocated) {}

  private static Decode decode(byte[] input) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    boolean refused = false;
    try {
      AssignedTask.read(input);
    } catch (AuroraDataException e) {
      refused = true; // the one way to fail
    } catch (RuntimeException | Error e) {
      throw new AssertionError("escaped for " + Arrays.toString(input), e);
    }
    return new Decode(refused, THREADS.getCurrentThreadAllocatedBytes() - before);
  }

  @Test
  public void everyTruncationIsReadOrRefusedCleanly() {
    byte[] whole = AuroraTasks.task().bytes();
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThrows(
          "a truncation to " + length + " bytes",
          AuroraDataException.class,
          () -> AssignedTask.read(cut));
    }
  }

  @Test
  public void mutationsAreReadOrRefusedWithinTheirMemoryAllowance() {
    Random random = new Random(SEED);
    byte[][] seeds = {
      AuroraTasks.task().bytes(), AuroraTasks.task().reversed().bytes(),
    };
    int refused = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] input = mutate(seeds[i % seeds.length], random);
      Decode decode = decode(input);
      if (decode.allocated() > allowance(input)) {
        fail(
            "decoding "
                + input.length
                + " bytes allocated "
                + decode.allocated()
                + " bytes: "
                + Arrays.toString(input));
      }
      refused += decode.refused() ? 1 : 0;
    }
    assertTrue("most mutations break the struct: " + refused, refused > MUTATIONS / 2);
  }

  @Test
  public void aMaximalDeclaredLengthOnATinyInputIsRefusedQuicklyAndCheaply() {
    // field 1 (taskId), STRING, declared length 2^31-1, then two bytes.
    byte[] input = {11, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x', 0};
    decode(input); // warm up the classes involved
    long start = System.nanoTime();

    Decode decode = decode(input);

    assertTrue(decode.refused());
    assertTrue("allocated " + decode.allocated(), decode.allocated() < allowance(input));
    assertTrue("took " + (System.nanoTime() - start) + " ns", System.nanoTime() - start < 1e9);
    assertEquals(
        "AssignedTask.taskId (field 1) declares 2147483647 bytes, but 2 are left (at byte 7 of 9)",
        assertThrows(AuroraDataException.class, () -> AssignedTask.read(input)).getMessage());
  }

  /** One to four random edits: a byte changed, a length made huge, a cut, a splice, a repeat. */
  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(6)) {
        case 0 -> b[at] = (byte) random.nextInt(256);
        case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> {
          if (at + 4 <= b.length) {
            b[at] = (byte) (random.nextBoolean() ? 0x7f : 0xff);
            b[at + 1] = (byte) 0xff;
          }
        }
        case 3 -> b = Arrays.copyOf(b, at);
        case 4 -> b = splice(b, at, random.nextInt(b.length - at + 1));
        default -> b = repeat(b, at, Math.min(b.length - at, 1 + random.nextInt(16)));
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, int length) {
    byte[] out = new byte[b.length - length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(b, at + length, out, at, b.length - at - length);
    return out;
  }

  private static byte[] repeat(byte[] b, int at, int length) {
    byte[] out = new byte[b.length + length];
    System.arraycopy(b, 0, out, 0, at + length);
    System.arraycopy(b, at, out, at + length, b.length - at);
    return out;
  }
}
