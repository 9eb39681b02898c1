package org.mesosexec.json;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.junit.Test;

/** Strict JSON (RFC 8259), as task specs, task files and framework messages are read. */
public class JsonTest {

  private static String rejection(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Json.parse(text)).getMessage();
  }

  @Test
  public void parsesAnObject() {
    JsonObject expected = new JsonObject();
    expected.addProperty("command", "echo hi");
    JsonArray argv = new JsonArray();
    argv.add(1);
    argv.add(true);
    expected.add("argv", argv);

    assertEquals(expected, Json.parse("{\"command\": \"echo hi\", \"argv\": [1, true]}"));
  }

  @Test
  public void parsesTopLevelScalars() {
    assertEquals(new JsonPrimitive(42), Json.parse("42"));
    assertEquals(new JsonPrimitive("hi"), Json.parse("\"hi\""));
    assertEquals(JsonNull.INSTANCE, Json.parse("null"));
  }

  @Test
  public void toleratesWhitespaceAroundTheValue() {
    assertEquals(new JsonObject(), Json.parse("\n  {}\n"));
  }

  @Test
  public void rejectsSingleQuotes() {
    assertThat(rejection("{'command': 'ls'}"), containsString("line 1 column"));
  }

  @Test
  public void rejectsTrailingText() {
    assertEquals(
        "unexpected text after the JSON value", rejection("{\"command\": \"ls\"} and more"));
  }

  @Test
  public void rejectsASecondValue() {
    assertEquals("unexpected text after the JSON value", rejection("{}{}"));
  }

  @Test
  public void rejectsLineComments() {
    assertEquals(
        "malformed JSON at line 1 column 2 path $",
        rejection("// the task\n{\"command\": \"ls\"}"));
  }

  @Test
  public void rejectsBlockComments() {
    assertEquals(
        "malformed JSON at line 1 column 3 path $",
        rejection("{/* the task */ \"command\": \"ls\"}"));
  }

  @Test
  public void rejectsHashComments() {
    assertEquals(
        "malformed JSON at line 1 column 2 path $", rejection("# the task\n{\"command\": \"ls\"}"));
  }

  @Test
  public void rejectsUnquotedKeys() {
    assertEquals("malformed JSON at line 1 column 3 path $", rejection("{command: \"ls\"}"));
  }

  @Test
  public void rejectsUnquotedStrings() {
    assertEquals("malformed JSON at line 1 column 1 path $", rejection("hello"));
  }

  @Test
  public void rejectsTrailingCommas() {
    assertThat(rejection("[1, 2,]"), containsString("malformed JSON at line 1 column 8"));
  }

  @Test
  public void rejectsNaN() {
    assertEquals("malformed JSON at line 1 column 1 path $", rejection("NaN"));
  }

  @Test
  public void reportsWhereTheInputEnded() {
    assertThat(rejection("{\"command\": \"ls\""), containsString("End of input at line 1 column"));
  }

  @Test
  public void messagesCarryNoTroubleshootingLink() {
    assertThat(rejection("{'a': 1}"), not(containsString("http")));
  }

  @Test
  public void rejectsEmptyText() {
    assertEquals("empty input: expected one JSON value", rejection(""));
  }

  @Test
  public void rejectsBlankText() {
    assertEquals("empty input: expected one JSON value", rejection(" \n "));
  }

  @Test
  public void malformedJsonMessageIsMeantForAPersonNotAJavaProgrammer() {
    // Today: "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON at line 1
    // column 3 path $."
    String message = rejection("{'command': 'ls'}");

    assertThat(message, not(containsString("setStrictness")));
    assertThat(message, not(containsString("LENIENT")));
    assertThat(message, containsString("line 1 column 3"));
  }

  @Test
  public void trailingTextIsReportedAsSuch() {
    assertThat(rejection("{} x"), containsString("unexpected text after the JSON value"));
  }

  @Test
  public void typeOfNamesEachJsonType() {
    assertEquals("null", Json.typeOf(null));
    assertEquals("null", Json.typeOf(JsonNull.INSTANCE));
    assertEquals("an object", Json.typeOf(new JsonObject()));
    assertEquals("an array", Json.typeOf(new JsonArray()));
    assertEquals("a boolean", Json.typeOf(new JsonPrimitive(true)));
    assertEquals("a number", Json.typeOf(new JsonPrimitive(1.5)));
    assertEquals("a string", Json.typeOf(new JsonPrimitive("x")));
  }

  @Test
  public void typeOfWorksOnParsedValues() {
    JsonElement parsed = Json.parse("[\"a\", 1]");

    assertEquals("an array", Json.typeOf(parsed));
    assertEquals("a string", Json.typeOf(parsed.getAsJsonArray().get(0)));
    assertEquals("a number", Json.typeOf(parsed.getAsJsonArray().get(1)));
  }

  @Test
  public void nestingUpToTheLimitIsAccepted() {
    String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);

    assertEquals("an array", Json.typeOf(Json.parse(deep)));
  }

  @Test
  public void nestingPastTheLimitIsRefusedBeforeParsing() {
    String deep = "{\"a\": " + "[".repeat(3000) + "]".repeat(3000) + "}";

    assertEquals(
        "objects and arrays nest deeper than 64 levels (at character 70)", rejection(deep));
  }

  @Test
  public void bracketsInsideStringsDoNotCountAsNesting() {
    String text = "{\"a\": \"" + "[{".repeat(1000) + "\\\"[\"}";

    assertEquals("an object", Json.typeOf(Json.parse(text)));
  }

  @Test
  public void theParsersMessageQuotesLittleOfTheInput() {
    String message = rejection("{\"" + "k".repeat(100_000) + "\": tru}");

    assertTrue(message, message.length() < 500);
  }
}
