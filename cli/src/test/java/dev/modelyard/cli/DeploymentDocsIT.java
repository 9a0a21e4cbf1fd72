package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.modelyard.cli.GovernanceDocsIT.DocumentedCommand;
import dev.modelyard.cli.GovernanceDocsIT.ShLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/deployments.md and docs/inference-api.md true: runs every {@code modelyard …} line of
 * their {@code ```sh} blocks, deployments.md first, in order, in this JVM against one fresh server,
 * and asserts each exits 0 — or, for a line ending in {@code # fails: CODE}, exits 1 printing
 * {@code (CODE)}. Lines are split as {@link GovernanceDocsIT} splits them.
 *
 * <p>Besides the governance guide's stand-ins ({@code http://localhost:8080}, {@code $ADMIN_TOKEN},
 * {@code $<USER>_TOKEN} after {@code users create <user>}), {@code $<NAME>_KEY} is the secret that
 * {@code keys create PROJECT DEPLOYMENT <name>} printed, and a bare file name ending in {@code
 * .onnx}, {@code .json} or {@code .csv} is that file in a scratch folder. The scratch folder holds
 * the fixtures and every code block of the two guides opened with {@code ```<lang> file=<name>}, so
 * the files the guides show are the files the commands use. Curl examples live in {@code ```bash}
 * blocks and are not run.
 */
class DeploymentDocsIT {
    private static final List<String> GUIDES = List.of("deployments.md", "inference-api.md");
    private static final String DOCUMENTED_URL = "http://localhost:8080";
    private static final Pattern FILE_ARGUMENT = Pattern.compile("[A-Za-z0-9_.-]+\\.(onnx|zip|json|csv)");
    private static final Pattern FILE_BLOCK = Pattern.compile("```[A-Za-z0-9_+-]*\\s+file=([A-Za-z0-9_.-]+)\\s*");

    /**
     * How long a refused inference call is tried again when it still succeeded: a revoked key or a
     * changed access level reaches the serving side through an asynchronous refresh.
     */
    private static final long PROPAGATION_MILLIS = 2_000;

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @TempDir
    Path config;

    @Test
    void everyCommandInTheDeploymentAndInferenceGuidesRunsAsDocumented() throws Exception {
        Map<String, List<String>> guides = new LinkedHashMap<>();
        for (String guide : GUIDES) {
            guides.put(guide, Files.readAllLines(documentation().resolve(guide), StandardCharsets.UTF_8));
        }
        EmbeddedServer.fixture("wine_mlp.onnx", work);
        for (List<String> lines : guides.values()) {
            writeFileBlocks(lines, work);
        }
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            Map<String, String> variables = new HashMap<>();
            variables.put("ADMIN_TOKEN", server.adminToken());
            CliRunner cli = new CliRunner(config);
            Map<String, Integer> ran = new LinkedHashMap<>();
            int refused = 0;
            for (Map.Entry<String, List<String>> guide : guides.entrySet()) {
                int count = 0;
                for (ShLine line : GovernanceDocsIT.shLines(guide.getValue())) {
                    DocumentedCommand command = GovernanceDocsIT.parse(line, variables);
                    List<String> arguments = command
                            .words()
                            .subList(1, command.words().size())
                            .stream()
                            .map(word -> localize(word, server))
                            .toList();
                    CliRunner.Result result = cli.run(arguments.toArray(String[]::new));
                    if (command.failsWith().isPresent() && result.exitCode() == 0 && isInferenceCall(arguments)) {
                        result = retryUntilRefused(cli, arguments);
                    }
                    String where = guide.getKey() + ":" + command.lineNumber() + ": " + command.text() + "\nstdout: "
                            + result.out() + "\nstderr: " + result.err();
                    if (command.failsWith().isPresent()) {
                        assertThat(result.exitCode()).as(where).isEqualTo(1);
                        assertThat(result.err())
                                .as(where)
                                .contains("(" + command.failsWith().get() + ")");
                        refused++;
                    } else {
                        assertThat(result.exitCode()).as(where).isZero();
                        remember(arguments, result, variables);
                    }
                    count++;
                }
                ran.put(guide.getKey(), count);
            }
            assertThat(ran.get("deployments.md"))
                    .as("commands run from deployments.md")
                    .isGreaterThan(25);
            assertThat(ran.get("inference-api.md"))
                    .as("commands run from inference-api.md")
                    .isGreaterThan(4);
            assertThat(refused).as("documented refusals").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void theGuidesCommandLinesParseAndTheirFilesExist() throws Exception {
        Map<String, String> variables = Map.of("ADMIN_TOKEN", "x", "BOB_TOKEN", "x", "BILLING_SERVICE_KEY", "x");
        List<String> files = new ArrayList<>();
        for (String guide : GUIDES) {
            List<String> lines = Files.readAllLines(documentation().resolve(guide), StandardCharsets.UTF_8);
            files.addAll(writeFileBlocks(lines, work));
            List<DocumentedCommand> commands = GovernanceDocsIT.shLines(lines).stream()
                    .map(line -> GovernanceDocsIT.parse(line, variables))
                    .toList();
            assertThat(commands).as(guide).isNotEmpty();
            for (DocumentedCommand command : commands) {
                for (String word : command.words()) {
                    if (FILE_ARGUMENT.matcher(word).matches() && !word.endsWith(".onnx")) {
                        assertThat(files)
                                .as(guide + ":" + command.lineNumber() + " uses " + word
                                        + ", which needs a ```<lang> file=" + word + " block before it")
                                .contains(word);
                    }
                }
            }
        }
    }

    @Test
    void fileBlocksAreWrittenAsShown() throws IOException {
        List<String> names = writeFileBlocks(
                List.of("text", "```csv file=rows.csv", "a,b", "1,2", "```", "```json", "{}", "```"), work);

        assertThat(names).containsExactly("rows.csv");
        assertThat(Files.readString(work.resolve("rows.csv"))).isEqualTo("a,b\n1,2\n");
    }

    /** Writes every {@code ```lang file=NAME} block into {@code directory}; returns the names. */
    static List<String> writeFileBlocks(List<String> lines, Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher opening = FILE_BLOCK.matcher(lines.get(i).strip());
            if (!opening.matches()) {
                continue;
            }
            StringBuilder content = new StringBuilder();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                content.append(lines.get(end)).append('\n');
                end++;
            }
            if (end == lines.size()) {
                fail("line " + (i + 1) + ": the file block " + opening.group(1) + " is not closed");
            }
            Files.writeString(directory.resolve(opening.group(1)), content.toString(), StandardCharsets.UTF_8);
            names.add(opening.group(1));
            i = end;
        }
        return names;
    }

    private static boolean isInferenceCall(List<String> arguments) {
        return arguments.contains("predict") || arguments.contains("infer");
    }

    private static CliRunner.Result retryUntilRefused(CliRunner cli, List<String> arguments)
            throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION_MILLIS * 1_000_000;
        CliRunner.Result result;
        do {
            Thread.sleep(50);
            result = cli.run(arguments.toArray(String[]::new));
        } while (result.exitCode() == 0 && System.nanoTime() < deadline);
        return result;
    }

    /** The documented URL becomes the test server's; documented file names become scratch files. */
    private String localize(String word, EmbeddedServer server) {
        if (FILE_ARGUMENT.matcher(word).matches()) {
            return work.resolve(word).toString();
        }
        return word.replace(DOCUMENTED_URL, server.baseUri().toString());
    }

    /**
     * After {@code users create NAME}: {@code $NAME_TOKEN}; after {@code keys create P D NAME}:
     * {@code $NAME_KEY} — in both cases the secret printed on the last line.
     */
    private static void remember(List<String> arguments, CliRunner.Result result, Map<String, String> variables) {
        int command = commandIndex(arguments);
        if (command < 0 || arguments.size() < command + 3) {
            return;
        }
        String group = arguments.get(command);
        String verb = arguments.get(command + 1);
        String variable = null;
        if (group.equals("users") && verb.equals("create")) {
            variable = variableName(arguments.get(command + 2)) + "_TOKEN";
        } else if (group.equals("keys") && verb.equals("create") && arguments.size() >= command + 5) {
            variable = variableName(arguments.get(command + 4)) + "_KEY";
        }
        if (variable != null) {
            List<String> printed =
                    result.out().lines().filter(line -> !line.isBlank()).toList();
            assertThat(printed).as("the command prints the secret").isNotEmpty();
            variables.put(variable, printed.get(printed.size() - 1).strip());
        }
    }

    /** Where the command word is: past the global options ({@code --url U}, {@code --token T}, {@code --output F}). */
    private static int commandIndex(List<String> arguments) {
        int index = 0;
        while (index < arguments.size() && arguments.get(index).startsWith("--")) {
            index += arguments.get(index).contains("=") ? 1 : 2;
        }
        return index < arguments.size() ? index : -1;
    }

    private static String variableName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The docs folder: beside the cli module. */
    private static Path documentation() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path candidate = base.toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("docs").resolve("deployments.md"))) {
                return candidate.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/deployments.md above " + base.toAbsolutePath());
    }
}
