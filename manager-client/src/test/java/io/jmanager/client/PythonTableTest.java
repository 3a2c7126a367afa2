package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Keeps README's Python-to-Java table and {@link PythonTableIT} in step: every row has a test whose
 * {@code @DisplayName} is the row's Python cell without its backticks, every test is a row, and
 * each code span of a row's Java cell appears, whitespace aside, in its test's source: from its
 * display name to the next one, so the helpers written after a test count as its own.
 */
class PythonTableTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path TESTS =
      Path.of("src", "test", "java", "io", "jmanager", "client", "PythonTableIT.java");
  private static final String SECTION = "### From Python's Manager to jmanager";
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern DISPLAY_NAME =
      Pattern.compile("@DisplayName\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
  private static final Pattern ESCAPE = Pattern.compile("\\\\(.)");

  /** One row of the table: its Python cell without backticks, and its Java cell's code spans. */
  private record Row(String python, List<String> java) {}

  @Test
  void everyRowOfTheTable_hasATestNamedAfterItsPythonForm_runningItsJavaCode() throws IOException {
    Map<String, String> tests = testsByDisplayName();
    SoftAssertions softly = new SoftAssertions();
    for (Row row : rows()) {
      String test = tests.get(row.python());
      softly.assertThat(test).as("a test in PythonTableIT for the row " + row.python()).isNotNull();
      for (String code : test == null ? List.<String>of() : row.java()) {
        softly
            .assertThat(squeezed(test))
            .as("the test of row %s shows its code %s", row.python(), code)
            .contains(squeezed(code));
      }
    }
    softly.assertAll();
  }

  @Test
  void everyTestOfPythonTableIT_isARowOfTheTable() throws IOException {
    List<String> pythonForms = rows().stream().map(Row::python).toList();

    assertThat(pythonForms).hasSizeGreaterThan(60).doesNotHaveDuplicates();
    assertThat(testsByDisplayName().keySet()).isSubsetOf(pythonForms);
  }

  /** The table's rows, each with at least one code span in its Java cell. */
  private static List<Row> rows() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf(SECTION);
    assertThat(start).as("README's section " + SECTION).isNotNegative();
    int end = readme.indexOf("\n### ", start + SECTION.length());
    List<Row> rows = new ArrayList<>();
    for (String line : readme.substring(start, end).split("\n")) {
      if (line.startsWith("| ") && !line.startsWith("| Python |")) {
        rows.add(row(line));
      }
    }
    return rows;
  }

  private static Row row(String line) {
    String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
    assertThat(cells).as("two cells, split by ' | ', in " + line).hasSize(2);
    List<String> java = new ArrayList<>();
    Matcher code = CODE.matcher(cells[1]);
    while (code.find()) {
      java.add(code.group(1));
    }
    assertThat(java).as("the Java code of " + line).isNotEmpty();
    return new Row(cells[0].replace("`", ""), java);
  }

  /** Each test's source, from its display name to the next one, by its display name. */
  private static Map<String, String> testsByDisplayName() throws IOException {
    String source = Files.readString(TESTS);
    Matcher name = DISPLAY_NAME.matcher(source);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (name.find()) {
      starts.add(name.start());
      names.add(ESCAPE.matcher(name.group(1)).replaceAll("$1"));
    }
    assertThat(names).as("the display names in " + TESTS).doesNotHaveDuplicates();
    Map<String, String> tests = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : source.length();
      tests.put(names.get(i), source.substring(starts.get(i), end));
    }
    return tests;
  }

  private static String squeezed(String code) {
    return code.replaceAll("\\s+", "");
  }
}
