package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import dev.modelyard.server.ModelyardServer;
import dev.modelyard.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code modelyard server}: runs the Modelyard server until Ctrl-C. */
@Command(
        name = "server",
        description = {
            "Run the Modelyard server until stopped (Ctrl-C).",
            "Settings come from flags, then MODELYARD_* environment variables, then --config, then defaults."
        })
final class ServerCommand implements Callable<Integer> {
    private final ModelyardCommand root;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default 8080; 0 picks a free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default 0.0.0.0).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default ./modelyard-data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "A .properties file with settings.")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any setting, e.g. --set store.pool-size=20 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    ServerCommand(ModelyardCommand root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = resolveConfig();
        ModelyardServer server = ModelyardServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "modelyard-shutdown"));
        stopped.await();
        return ModelyardCli.EXIT_OK;
    }

    ServerConfig resolveConfig() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (port != null) {
            flags.put("server.port", Integer.toString(port));
        }
        if (host != null) {
            flags.put("server.host", host);
        }
        if (dataDir != null) {
            flags.put("data-dir", dataDir.toString());
        }
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new CliUsageException("config file " + configFile + " does not exist");
        }
        try {
            return ServerConfig.resolve(flags, root.context().environment(), Optional.ofNullable(configFile));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(e.getMessage(), e);
        }
    }
}
