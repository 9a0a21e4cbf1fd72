package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/governance.md true: runs every {@code modelyard …} line of its {@code ```sh} blocks,
 * in order, in this JVM against a fresh server, and asserts each exits 0 — or, for a line ending
 * in {@code # fails: CODE}, exits 1 printing {@code (CODE)}.
 *
 * <p>The lines are split like a POSIX shell would (quotes, backslashes, {@code #} comments) and
 * these stand-ins are replaced: {@code http://localhost:8080} by the test server's URL, {@code
 * $ADMIN_TOKEN} by its admin token, {@code $<USER>_TOKEN} by the token that {@code users create
 * <user>} printed, and a bare file name ending in {@code .onnx} or {@code .zip} by that file in a
 * scratch folder holding the fixtures. Only {@code modelyard} lines may appear in {@code sh}
 * blocks (other examples, such as curl, go in {@code bash} blocks and are not run).
 */
class GovernanceDocsIT {
    private static final String DOCUMENTED_URL = "http://localhost:8080";
    private static final Pattern FAILS = Pattern.compile("fails:\\s*([A-Z_]+)");
    private static final Pattern FILE_ARGUMENT = Pattern.compile("[A-Za-z0-9_.-]+\\.(onnx|zip)");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*)");

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @TempDir
    Path config;

    /** One documented command line: where it is, its words, and the error code it should fail with. */
    record DocumentedCommand(int lineNumber, String text, List<String> words, Optional<String> failsWith) {}

    @Test
    void everyCommandInTheGovernanceGuideRunsAsDocumented() throws Exception {
        Path guide = documentation().resolve("governance.md");
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        EmbeddedServer.fixture("wine_mlp.onnx", work);
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            Map<String, String> variables = new HashMap<>();
            variables.put("ADMIN_TOKEN", server.adminToken());
            CliRunner cli = new CliRunner(config);
            int ran = 0;
            int refused = 0;
            for (ShLine line : shLines(lines)) {
                DocumentedCommand command = parse(line, variables);
                List<String> arguments = command
                        .words()
                        .subList(1, command.words().size())
                        .stream()
                        .map(word -> localize(word, server))
                        .toList();
                CliRunner.Result result = cli.run(arguments.toArray(String[]::new));
                String where = guide.getFileName() + ":" + command.lineNumber() + ": " + command.text() + "\nstdout: "
                        + result.out() + "\nstderr: " + result.err();
                if (command.failsWith().isPresent()) {
                    assertThat(result.exitCode()).as(where).isEqualTo(1);
                    assertThat(result.err())
                            .as(where)
                            .contains("(" + command.failsWith().get() + ")");
                    refused++;
                } else {
                    assertThat(result.exitCode()).as(where).isZero();
                    rememberToken(arguments, result, variables);
                }
                ran++;
            }
            assertThat(ran).as("commands run from the guide").isGreaterThan(40);
            assertThat(refused).as("documented refusals").isGreaterThanOrEqualTo(5);
        }
    }

    /** The docs folder: beside the cli module. */
    private static Path documentation() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path candidate = base.toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("docs").resolve("governance.md"))) {
                return candidate.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/governance.md above " + base.toAbsolutePath());
    }

    record ShLine(int lineNumber, String text) {}

    /** The command lines of the {@code ```sh} blocks (backslash continuations joined). */
    static List<ShLine> shLines(List<String> lines) {
        List<ShLine> commands = new ArrayList<>();
        boolean inSh = false;
        StringBuilder pending = null;
        int pendingStart = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (!inSh) {
                inSh = trimmed.equals("```sh");
                continue;
            }
            if (trimmed.startsWith("```")) {
                if (pending != null) {
                    fail("line " + pendingStart + ": a continued command runs into the end of its block");
                }
                inSh = false;
                continue;
            }
            if (pending == null && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                pendingStart = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            commands.add(new ShLine(pendingStart, pending.toString()));
            pending = null;
        }
        assertThat(inSh).as("every ```sh block is closed").isFalse();
        return commands;
    }

    /** Splits one line like a POSIX shell, expanding {@code $VARIABLES}. */
    static DocumentedCommand parse(ShLine line, Map<String, String> variables) {
        String text = line.text();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        String comment = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (c == '#' && word == null) {
                comment = text.substring(i + 1).strip();
                break;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    fail("line " + line.lineNumber() + ": unterminated ' in " + text);
                }
                word.append(text, i + 1, end);
                i = end;
            } else if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    char d = text.charAt(i);
                    if (d == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                        word.append(text.charAt(++i));
                    } else if (d == '$') {
                        i = expand(text, i, word, variables, line);
                    } else if (d == '`') {
                        fail("line " + line.lineNumber() + ": command substitution is not supported: " + text);
                    } else {
                        word.append(d);
                    }
                    i++;
                }
                if (i >= text.length()) {
                    fail("line " + line.lineNumber() + ": unterminated \" in " + text);
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (c == '$') {
                i = expand(text, i, word, variables, line);
            } else if ("|&;<>()`".indexOf(c) >= 0) {
                fail("line " + line.lineNumber() + ": only plain commands are run, found '" + c + "' in " + text);
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (words.isEmpty() || !words.get(0).equals("modelyard")) {
            fail("line " + line.lineNumber() + ": only modelyard commands belong in ```sh blocks (put other"
                    + " examples in ```bash blocks): " + text);
        }
        Optional<String> failsWith = Optional.ofNullable(comment)
                .map(FAILS::matcher)
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1));
        return new DocumentedCommand(line.lineNumber(), text, List.copyOf(words), failsWith);
    }

    /** Expands the variable whose {@code $} is at {@code dollar}; returns the index of its last character. */
    private static int expand(String text, int dollar, StringBuilder word, Map<String, String> variables, ShLine line) {
        Matcher matcher = VARIABLE.matcher(text).region(dollar + 1, text.length());
        if (!matcher.lookingAt()) {
            fail("line " + line.lineNumber() + ": a lone $ in " + text);
        }
        String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        String value = variables.get(name);
        if (value == null) {
            fail("line " + line.lineNumber() + ": $" + name + " is not defined yet (known: " + variables.keySet()
                    + ")");
        }
        word.append(value);
        return matcher.end() - 1;
    }

    /** The documented URL becomes the test server's; documented file names become scratch files. */
    private String localize(String word, EmbeddedServer server) {
        if (FILE_ARGUMENT.matcher(word).matches()) {
            return work.resolve(word).toString();
        }
        return word.replace(DOCUMENTED_URL, server.baseUri().toString());
    }

    /** After {@code users create NAME}: {@code $NAME_TOKEN} is the token it printed (its last line). */
    private static void rememberToken(List<String> arguments, CliRunner.Result result, Map<String, String> variables) {
        if (arguments.size() >= 3
                && arguments.get(0).equals("users")
                && arguments.get(1).equals("create")) {
            List<String> printed =
                    result.out().lines().filter(line -> !line.isBlank()).toList();
            assertThat(printed).as("users create prints the token").isNotEmpty();
            variables.put(
                    arguments.get(2).toUpperCase(Locale.ROOT) + "_TOKEN",
                    printed.get(printed.size() - 1).strip());
        }
    }

    @Test
    void theGuidesCommandLinesParse() throws Exception {
        List<String> lines = Files.readAllLines(documentation().resolve("governance.md"), StandardCharsets.UTF_8);
        Map<String, String> variables =
                Map.of("ADMIN_TOKEN", "x", "ALICE_TOKEN", "x", "BOB_TOKEN", "x", "OLIVIA_TOKEN", "x");

        List<DocumentedCommand> commands =
                shLines(lines).stream().map(line -> parse(line, variables)).toList();

        assertThat(commands).hasSizeGreaterThan(40);
        assertThat(commands.get(0).words()).startsWith("modelyard", "login");
    }

    @Test
    void theLineParserSplitsLikeAShell() {
        Map<String, String> variables = Map.of("TOKEN", "t0k", "ALICE_TOKEN", "a1");
        DocumentedCommand command = parse(
                new ShLine(
                        7,
                        "modelyard --token $ALICE_TOKEN submit p o m 1 --meta notes=\"first cut\" --meta-json"
                                + " v='\"2\"' -m it\\'s   # fails: INVALID_METADATA"),
                variables);

        assertThat(command.words())
                .containsExactly(
                        "modelyard",
                        "--token",
                        "a1",
                        "submit",
                        "p",
                        "o",
                        "m",
                        "1",
                        "--meta",
                        "notes=first cut",
                        "--meta-json",
                        "v=\"2\"",
                        "-m",
                        "it's");
        assertThat(command.failsWith()).contains("INVALID_METADATA");
        assertThat(parse(new ShLine(1, "modelyard login --token ${TOKEN}"), variables)
                        .words())
                .containsExactly("modelyard", "login", "--token", "t0k");
        assertThat(parse(new ShLine(1, "modelyard whoami # just a comment"), variables)
                        .failsWith())
                .isEmpty();
    }
}
