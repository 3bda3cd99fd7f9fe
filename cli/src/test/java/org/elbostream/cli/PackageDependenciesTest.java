package org.elbostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The map of docs/development.md, held: which package of the main sources uses which, read off
 * their imports and qualified names. No two packages depend on each other, even through others, and
 * the modules depend only downwards (cli on top, then trainer and streams-app, then model).
 */
class PackageDependenciesTest {
  private static final Path ROOT = Path.of("..");
  private static final List<String> MODULES = List.of("model", "trainer", "streams-app", "cli");
  /** A use of one of our types: the package, then a class name starting with a capital. */
  private static final Pattern USE = Pattern.compile("org\\.elbostream((?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*\"");

  /** Package to the packages it uses, ours only, itself left out. */
  static final Map<String, Set<String>> USES = new TreeMap<>();
  /** Package to the module whose main sources hold it. */
  static final Map<String, String> MODULE = new HashMap<>();

  @BeforeAll
  static void readSources() throws IOException {
    for (String module : MODULES) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(sources)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> read(module, f));
      }
    }
  }

  private static void read(String module, Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher declared = Pattern.compile("(?m)^package org\\.elbostream((?:\\.[a-z][a-z0-9]*)*);").matcher(text);
    assertThat(declared.find()).as("%s declares a package of ours", file).isTrue();
    String pkg = "org.elbostream" + declared.group(1);
    MODULE.put(pkg, module);
    Set<String> uses = USES.computeIfAbsent(pkg, p -> new TreeSet<>());
    // A class named in a string is not a compile-time use (the child JVM's entry point is one).
    Matcher use = USE.matcher(STRING.matcher(text.substring(declared.end())).replaceAll("\"\""));
    while (use.find()) {
      String other = "org.elbostream" + use.group(1);
      if (!other.equals(pkg)) {
        uses.add(other);
      }
    }
  }

  @Test
  void shouldHaveNoPackageCycle() {
    List<List<String>> cycles = new ArrayList<>();
    for (Set<String> component : stronglyConnected()) {
      if (component.size() > 1) {
        cycles.add(List.copyOf(component));
      }
    }
    assertThat(cycles).as("packages that depend on each other").isEmpty();
  }

  @Test
  void shouldDependOnlyDownTheModules() {
    Map<String, Set<String>> allowed = Map.of(
        "model", Set.of("model"),
        "trainer", Set.of("trainer", "model"),
        "streams-app", Set.of("streams-app", "model"),
        "cli", Set.of("cli", "trainer", "streams-app", "model"));
    List<String> wrong = new ArrayList<>();
    USES.forEach((pkg, uses) -> uses.forEach(other -> {
      String from = MODULE.get(pkg);
      String to = MODULE.get(other);
      if (to != null && !allowed.get(from).contains(to)) {
        wrong.add(pkg + " (" + from + ") -> " + other + " (" + to + ")");
      }
    }));
    assertThat(wrong).isEmpty();
  }

  @Test
  void shouldKeepCommandsInTheCliModuleAlone() throws IOException {
    for (String module : List.of("model", "trainer", "streams-app")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        List<Path> usingPicocli = files.filter(f -> f.toString().endsWith(".java"))
            .filter(f -> read(f).contains("import picocli.")).toList();
        assertThat(usingPicocli).as("picocli outside cli/").isEmpty();
      }
    }
    assertThat(read(ROOT.resolve("trainer/pom.xml"))).doesNotContain("picocli");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tarjan's strongly connected components of the package graph. */
  private static List<Set<String>> stronglyConnected() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String pkg : USES.keySet()) {
      if (!index.containsKey(pkg)) {
        visit(pkg, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void visit(String pkg, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(pkg, counter[0]);
    low.put(pkg, counter[0]++);
    stack.push(pkg);
    onStack.add(pkg);
    for (String next : USES.getOrDefault(pkg, Set.of())) {
      if (!USES.containsKey(next)) {
        continue; // a test-only or generated package: not part of the main sources' graph
      }
      if (!index.containsKey(next)) {
        visit(next, index, low, stack, onStack, out, counter);
        low.put(pkg, Math.min(low.get(pkg), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(pkg, Math.min(low.get(pkg), index.get(next)));
      }
    }
    if (low.get(pkg).equals(index.get(pkg))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(pkg));
      out.add(component);
    }
  }
}
