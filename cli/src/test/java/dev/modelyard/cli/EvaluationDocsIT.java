package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Keeps docs/datasets.md and docs/evaluation.md true: runs every {@code modelyard …} line of their
 * {@code ```sh} blocks, datasets.md first, in order, in this JVM against one fresh server, and
 * asserts each exits 0 — or, for a line ending in {@code # fails: CODE}, exits 1 printing {@code
 * (CODE)}. Lines are split as {@link GovernanceDocsIT} splits them.
 *
 * <p>Stand-ins: {@code http://localhost:8080} is the test server, {@code $ADMIN_TOKEN} its admin
 * token, {@code $<USER>_TOKEN} the token that {@code users create <user>} printed, and {@code
 * $METRIC_SET} the ID that the last {@code metrics post} printed. A file name ending in {@code
 * .csv}, {@code .json}, {@code .png} or {@code .parquet}, alone or after {@code NAME=}, is that
 * file in a scratch folder. The folder holds the test fixtures under the names the guides give
 * them ({@link #FIXTURES}), a small PNG drawn as {@code shap.png}, and every code block of the
 * guides opened with {@code ```<lang> file=<name>}.
 */
class EvaluationDocsIT {
    private static final List<String> GUIDES = List.of("datasets.md", "evaluation.md");
    private static final String DOCUMENTED_URL = "http://localhost:8080";
    private static final Pattern FILE_ARGUMENT =
            Pattern.compile("([a-z0-9_.-]+=)?([A-Za-z0-9_.-]+\\.(?:csv|json|png|parquet))");
    private static final Pattern POSTED = Pattern.compile("^Posted metric set (\\S+) for ");

    /** The guides' file name → the test fixture it is. */
    static final Map<String, String> FIXTURES = Map.of(
            "wine.csv", "wine.csv",
            "customers.csv", "synth_binary.csv",
            "churn-xgb-30-trees.json", "synth_binary_xgb.json",
            "churn-xgb-1-tree.json", "synth_binary_xgb_1tree.json");

    private static final String DRAWN_IMAGE = "shap.png";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @TempDir
    Path config;

    @Test
    void everyCommandInTheDatasetAndEvaluationGuidesRunsAsDocumented() throws Exception {
        Map<String, List<String>> guides = new LinkedHashMap<>();
        for (String guide : GUIDES) {
            guides.put(guide, Files.readAllLines(documentation().resolve(guide), StandardCharsets.UTF_8));
        }
        prepareScratch(guides);
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
            assertThat(ran.get("datasets.md"))
                    .as("commands run from datasets.md")
                    .isGreaterThan(15);
            assertThat(ran.get("evaluation.md"))
                    .as("commands run from evaluation.md")
                    .isGreaterThan(40);
            assertThat(refused).as("documented refusals").isGreaterThanOrEqualTo(8);
            assertThat(work.resolve("shap-copy.png"))
                    .as("the image comes back as posted")
                    .hasSameBinaryContentAs(work.resolve(DRAWN_IMAGE));
            assertThat(Files.readAllLines(work.resolve("wine-v1.csv"))).hasSize(179);
        }
    }

    @Test
    void theGuidesCommandLinesParseAndTheirFilesExist() throws Exception {
        Map<String, String> variables = Map.of(
                "ADMIN_TOKEN", "x", "ALICE_TOKEN", "x", "BOB_TOKEN", "x", "OLIVIA_TOKEN", "x", "METRIC_SET", "x");
        Map<String, List<String>> guides = new LinkedHashMap<>();
        for (String guide : GUIDES) {
            guides.put(guide, Files.readAllLines(documentation().resolve(guide), StandardCharsets.UTF_8));
        }
        List<String> files = prepareScratch(guides);
        for (Map.Entry<String, List<String>> guide : guides.entrySet()) {
            List<DocumentedCommand> commands = GovernanceDocsIT.shLines(guide.getValue()).stream()
                    .map(line -> GovernanceDocsIT.parse(line, variables))
                    .toList();
            assertThat(commands).as(guide.getKey()).isNotEmpty();
            for (DocumentedCommand command : commands) {
                List<String> words = command.words();
                for (int i = 0; i < words.size(); i++) {
                    Matcher file = FILE_ARGUMENT.matcher(words.get(i));
                    boolean written = i > 0 && words.get(i - 1).equals("-o");
                    if (file.matches() && !written) {
                        assertThat(files)
                                .as(guide.getKey() + ":" + command.lineNumber() + " reads " + file.group(2)
                                        + ", which is neither a fixture nor a ```<lang> file=" + file.group(2)
                                        + " block before it")
                                .contains(file.group(2));
                    }
                }
            }
        }
    }

    /** Fills the scratch folder; returns the names of the files in it. */
    private List<String> prepareScratch(Map<String, List<String>> guides) throws IOException {
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> fixture : FIXTURES.entrySet()) {
            Path copy = EmbeddedServer.fixture(fixture.getValue(), Files.createTempDirectory(work, "fixture-"));
            Files.move(copy, work.resolve(fixture.getKey()));
            files.add(fixture.getKey());
        }
        Files.write(work.resolve(DRAWN_IMAGE), EvaluationFixtures.png(8, 8, false));
        files.add(DRAWN_IMAGE);
        for (List<String> lines : guides.values()) {
            files.addAll(DeploymentDocsIT.writeFileBlocks(lines, work));
        }
        return files;
    }

    /** The documented URL becomes the test server's; documented file names become scratch files. */
    private String localize(String word, EmbeddedServer server) {
        Matcher file = FILE_ARGUMENT.matcher(word);
        if (file.matches()) {
            return (file.group(1) == null ? "" : file.group(1))
                    + work.resolve(file.group(2)).toString();
        }
        return word.replace(DOCUMENTED_URL, server.baseUri().toString());
    }

    /**
     * After {@code users create NAME}: {@code $NAME_TOKEN}, the last line printed; after {@code
     * metrics post}: {@code $METRIC_SET}, the ID it printed.
     */
    private static void remember(List<String> arguments, CliRunner.Result result, Map<String, String> variables) {
        int command = commandIndex(arguments);
        if (command < 0 || arguments.size() < command + 2) {
            return;
        }
        String group = arguments.get(command);
        String verb = arguments.get(command + 1);
        if (group.equals("users") && verb.equals("create")) {
            List<String> printed =
                    result.out().lines().filter(line -> !line.isBlank()).toList();
            assertThat(printed).as("users create prints the token").isNotEmpty();
            variables.put(
                    arguments.get(command + 2).toUpperCase(Locale.ROOT).replace('-', '_') + "_TOKEN",
                    printed.get(printed.size() - 1).strip());
        } else if (group.equals("metrics") && verb.equals("post")) {
            Matcher posted = POSTED.matcher(result.out());
            assertThat(posted.find())
                    .as("metrics post prints the ID: %s", result.out())
                    .isTrue();
            variables.put("METRIC_SET", posted.group(1));
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

    /** The docs folder: beside the cli module. */
    private static Path documentation() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path candidate = base.toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("docs").resolve("evaluation.md"))) {
                return candidate.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/evaluation.md above " + base.toAbsolutePath());
    }
}
