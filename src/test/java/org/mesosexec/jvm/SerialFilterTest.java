package org.mesosexec.jvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import javax.management.BadAttributeValueExpException;
import org.apache.commons.collections.functors.InvokerTransformer;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mesosexec.jvm.JvmOutcome.Kind;
import org.mesosexec.jvm.JvmSpec.ResultFormat;
import org.mesosexec.jvm.fixtures.Serialized;

public class SerialFilterTest {
  private static final String FIXTURES = FixtureJar.FIXTURES + ".**";
  private static final String NOT_ALLOWED = " is not allowed by EXECUTOR_JVM_SERIAL_FILTER";

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private Path sandbox;

  @Before
  public void sandbox() {
    sandbox = FixtureJar.sandbox(temp.getRoot().toPath());
  }

  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  private LoadedTask load(String filter, byte[] data) throws JvmTaskException {
    return new JvmLoader(FixtureJar.settings(filter), sandbox).fromSerialized(data);
  }

  private String refusal(String filter, byte[] data) {
    return assertThrows(JvmTaskException.class, () -> load(filter, data)).getMessage();
  }

  private JvmOutcome run(String filter, Object task) throws Exception {
    try (LoadedTask loaded = load(filter, serialize(task))) {
      return JvmOutcome.run(loaded, new FakeContext("null"), ResultFormat.JAVA, 1024);
    }
  }

  private static Object deserialize(byte[] data) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      return in.readObject();
    }
  }

  @Test
  public void aClosureRunsWithItsCapturedValuesAndItsResultComesBackSerialized() throws Exception {
    JvmOutcome outcome = run(FIXTURES, Serialized.adding(2, 3));
    assertEquals(Kind.FINISHED, outcome.kind());
    assertEquals(5, deserialize(outcome.data()));
  }

  @Test
  public void aClosureThatCallsSystemExitFailsTheTaskOnly() throws Exception {
    JvmOutcome outcome = run(FIXTURES, Serialized.exiting("abc"));
    assertEquals(Kind.FAILED, outcome.kind());
    assertEquals("called System.exit(3)", outcome.message());
  }

  @Test
  public void withNoFilterSetNoSerializedTaskIsAccepted() throws Exception {
    assertEquals(
        "serialized JVM tasks are refused: EXECUTOR_JVM_SERIAL_FILTER is not set (an allow-list"
            + " in JEP 290 syntax, such as com.acme.jobs.**)",
        refusal(null, serialize(Serialized.adding(1, 1))));
  }

  @Test
  public void theCapturingClassMustBeOnTheOperatorsList() throws Exception {
    assertEquals(
        "serialized task refused: class " + Serialized.class.getName() + NOT_ALLOWED,
        refusal("com.acme.**", serialize(Serialized.adding(1, 1))));
  }

  @Test
  public void jdkClassesOutsideTheListAreRefused() throws Exception {
    assertEquals(
        "serialized task refused: class javax.management.BadAttributeValueExpException"
            + NOT_ALLOWED,
        refusal(FIXTURES, serialize(new BadAttributeValueExpException("x"))));
    assertEquals(
        "serialized task refused: class java.util.HashMap" + NOT_ALLOWED,
        refusal(FIXTURES, serialize(new HashMap<>())));
  }

  @Test
  public void aGadgetClassInTheTasksJarIsRefused() throws Exception {
    assertEquals(
        "serialized task refused: class " + InvokerTransformer.class.getName() + NOT_ALLOWED,
        refusal(FIXTURES, serialize(new InvokerTransformer("exec"))));
  }

  @Test
  public void deepNestingIsRefusedByMaxdepth() throws Exception {
    assertEquals(
        "serialized task refused: objects nested 21 deep is over the limit maxdepth=20"
            + " (EXECUTOR_JVM_SERIAL_FILTER can set it)",
        refusal(FIXTURES, serialize(Serialized.chain(100))));
  }

  @Test
  public void theOperatorsPatternCanRaiseALimit() throws Exception {
    JvmOutcome outcome = run("maxdepth=200;" + FIXTURES, Serialized.chain(100));
    assertEquals(100, deserialize(outcome.data()));
  }

  @Test
  public void aHugeArrayLengthIsRefusedBeforeTheArrayIsMade() throws Exception {
    byte[] data = serialize(new int[] {1, 2, 3});
    int at = data.length - 16; // the length, before the three ints
    data[at] = 0x7f;
    Arrays.fill(data, at + 1, at + 4, (byte) 0xff);
    assertEquals(
        "serialized task refused: an array of 2147483647 elements is over the limit"
            + " maxarray=1000000 (EXECUTOR_JVM_SERIAL_FILTER can set it)",
        refusal(FIXTURES, data));
  }

  @Test
  public void tooManyReferencesAreRefusedByMaxrefs() throws Exception {
    Object[] many = new Object[20_000];
    Arrays.setAll(many, i -> Integer.valueOf(i + 1000));
    assertTrue(refusal(FIXTURES, serialize(many)).contains("over the limit maxrefs=10000"));
  }

  /** The "SerialDOS" graph: reading it would hash 2^100 times. */
  @Test(timeout = 10_000)
  public void aHashSetCollisionBombIsRefusedQuicklyByALimit() throws Exception {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("foo");
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    String message = refusal("java.util.HashSet;java.util.Map$Entry", serialize(root));
    assertTrue(message, message.contains("over the limit maxdepth=20"));
  }

  @Test
  public void anExceptionThrownWhileReadingIsReportedWithItsClassAndMessage() throws Exception {
    assertEquals(
        "reading the serialized task threw java.lang.IllegalStateException: refusing to be read",
        refusal(FIXTURES, serialize(new Serialized.Unreadable())));
  }

  @Test
  public void truncatedDataIsReportedSo() throws Exception {
    byte[] data = serialize(Serialized.adding(2, 3));
    assertEquals(
        "serialized task is truncated: the data ends inside the object",
        refusal(FIXTURES, Arrays.copyOf(data, data.length / 2)));
  }

  @Test
  public void anObjectThatIsNotATaskIsRefused() throws Exception {
    assertEquals(
        "the serialized object is a java.lang.String, not an org.mesosexec.api.Task",
        refusal(FIXTURES, serialize("hello")));
  }

  @Test
  public void aClassMissingFromTheJarsIsNamed() throws Exception {
    assertEquals(
        "serialized task refers to class "
            + Outside.class.getName()
            + ", which is not in the jars of EXECUTOR_JVM_CLASSPATH",
        refusal("**", serialize(new Outside())));
  }

  /** Serializable, and on the test class path only. */
  static final class Outside implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}
