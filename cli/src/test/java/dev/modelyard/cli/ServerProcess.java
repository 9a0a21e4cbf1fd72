package dev.modelyard.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code modelyard server} in a separate JVM (so it can be killed with SIGKILL), with its log
 * collected and its port read from the {@code Modelyard listening on …} line.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Modelyard listening on http://\\S+:(\\d+)");

    private final Process process;
    private final StringBuffer log;
    private final int port;

    private ServerProcess(Process process, StringBuffer log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static ServerProcess start(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, java.util.Map.of());
    }

    /** A server with extra environment variables (settings such as {@code MODELYARD_EVALUATIONS_…}). */
    static ServerProcess start(Path dataDir, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.modelyard.cli.Main",
                        "server",
                        "--port",
                        "0",
                        "--host",
                        "127.0.0.1",
                        "--data-dir",
                        dataDir.toString()))
                .redirectErrorStream(true);
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            log.append(line).append('\n');
                            Matcher matcher = LISTENING.matcher(line);
                            if (matcher.find()) {
                                port.complete(Integer.parseInt(matcher.group(1)));
                            }
                        }
                    } catch (IOException e) {
                        // the process died; its exit is noticed below
                    }
                    port.completeExceptionally(new IllegalStateException("the server exited before listening"));
                },
                "server-log-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, log, port.get(60, TimeUnit.SECONDS));
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the server did not start; its log:\n" + log, e);
        }
    }

    int port() {
        return port;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String log() {
        return log.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is cleaned up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server process did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
