package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildClasspathTest {
  @Test
  void current_isTheClassPath_thenTheContextLoadersFileUrls_rootFirst_withoutRepeats()
      throws Exception {
    Path outer = Paths.get("/tmp/app with space/outer.jar");
    Path inner = Paths.get("/tmp/app/inner-classes");
    String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader parent =
            new URLClassLoader(
                new URL[] {outer.toUri().toURL(), new URL("http://example.invalid/remote.jar")},
                before);
        URLClassLoader child =
            new URLClassLoader(
                new URL[] {inner.toUri().toURL(), Paths.get(first).toUri().toURL()}, parent)) {
      Thread.currentThread().setContextClassLoader(child);

      List<String> entries = Arrays.asList(ChildClasspath.current().split(File.pathSeparator));

      assertThat(entries.get(0)).isEqualTo(Paths.get(first).toAbsolutePath().toString());
      assertThat(entries).endsWith(outer.toString(), inner.toString());
      assertThat(entries).doesNotHaveDuplicates().noneMatch(entry -> entry.contains("example"));
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  @Test
  void aLongClasspath_goesInAnArgumentFile_quotedAsJavaReadsIt() {
    assertThat(ChildClasspath.argumentFile("/a b/x.jar:C:\\lib\\y.jar:/q\"uote"))
        .isEqualTo("-cp \"/a b/x.jar:C:\\\\lib\\\\y.jar:/q\\\"uote\"\n");
  }
}
