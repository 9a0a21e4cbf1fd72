package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import dev.modelyard.client.ModelyardClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code modelyard}: the root command. Holds the global options (usable before or after any
 * subcommand) and hands the subcommands their client and output.
 */
@Command(
        name = "modelyard",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description =
                "Self-hosted model registry: run the server; manage projects, models, versions and datasets; govern"
                        + " objectives, submissions, reviews, releases, tags and bundles; evaluate submissions and"
                        + " rank them; deploy releases and call them.",
        subcommands = {
            ServerCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            WhoamiCommand.class,
            ProjectsCommand.class,
            ModelsCommand.class,
            UsersCommand.class,
            TokensCommand.class,
            AuditCommand.class,
            ObjectivesCommand.class,
            SubmitCommand.class,
            SubmissionsCommand.class,
            ReviewCommand.class,
            ReleaseCommand.class,
            ReleasesCommand.class,
            TagCommand.class,
            TagsCommand.class,
            BundleCommand.class,
            DatasetsCommand.class,
            EvaluateCommand.class,
            EvaluationsCommand.class,
            LeaderboardCommand.class,
            CompareCommand.class,
            MetricsCommand.class,
            DeployCommand.class,
            DeploymentsCommand.class,
            KeysCommand.class,
            PredictCommand.class,
            InferCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 the server refused or could not be reached, 2 usage error.",
            "Environment: MODELYARD_URL and MODELYARD_TOKEN override the saved login;"
                    + " MODELYARD_CONFIG_DIR moves the login file; MODELYARD_API_KEY is the default --key of"
                    + " 'predict' and 'infer'."
        })
public final class ModelyardCommand implements Runnable {
    static final String URL_VARIABLE = "MODELYARD_URL";
    static final String TOKEN_VARIABLE = "MODELYARD_TOKEN";
    static final String API_KEY_VARIABLE = "MODELYARD_API_KEY";

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "Server URL, e.g. http://localhost:8080 (default: $MODELYARD_URL, then the saved login).")
    String url;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "API token (default: $MODELYARD_TOKEN, then the saved login).")
    String token;

    @Option(
            names = "--output",
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "table (for people, the default) or json (the API's response, for scripts).")
    OutputFormat outputFormat;

    public ModelyardCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing command: say what to do, e.g. 'modelyard projects list'");
    }

    CliContext context() {
        return context;
    }

    Output output() {
        return new Output(context.out(), outputFormat == null ? OutputFormat.TABLE : outputFormat);
    }

    CliConfigFile configFile() {
        return new CliConfigFile(context.configFile());
    }

    /** The URL from {@code --url}, else {@code $MODELYARD_URL}. */
    Optional<String> explicitUrl() {
        return firstPresent(url, context.environment().get(URL_VARIABLE));
    }

    /** The token from {@code --token}, else {@code $MODELYARD_TOKEN}. */
    Optional<String> explicitToken() {
        return firstPresent(token, context.environment().get(TOKEN_VARIABLE));
    }

    /**
     * A client for the server the user means: URL and token from the flags, else the environment,
     * else the saved login. The saved token is only sent to the saved server, never to another URL.
     */
    ModelyardClient client() {
        Optional<CliConfig> saved = configFile().read();
        Optional<String> explicitUrl = explicitUrl();
        URI serverUrl = explicitUrl
                .map(ModelyardCommand::parseUrl)
                .or(() -> saved.map(CliConfig::url))
                .orElseThrow(() -> new CliUsageException("not logged in: run 'modelyard login --url URL --token TOKEN'"
                        + " (or set MODELYARD_URL and MODELYARD_TOKEN)"));
        String apiToken = explicitToken()
                .or(() -> saved.filter(login -> sameServer(login.url(), serverUrl))
                        .map(CliConfig::token))
                .orElseThrow(() -> new CliUsageException("no token for " + serverUrl
                        + ": pass --token, set MODELYARD_TOKEN, or run 'modelyard login --url " + serverUrl
                        + " --token TOKEN'"));
        return client(serverUrl, apiToken);
    }

    /**
     * A client for calling deployments: the server as for {@link #client()}, the token only when
     * one is known (public deployments and API keys need none).
     */
    ModelyardClient inferenceClient() {
        Optional<CliConfig> saved = configFile().read();
        URI serverUrl = explicitUrl()
                .map(ModelyardCommand::parseUrl)
                .or(() -> saved.map(CliConfig::url))
                .orElseThrow(() -> new CliUsageException(
                        "no server: pass --url URL, set MODELYARD_URL, or run 'modelyard login --url URL --token"
                                + " TOKEN'"));
        Optional<String> apiToken = explicitToken().or(() -> saved.filter(login -> sameServer(login.url(), serverUrl))
                .map(CliConfig::token));
        try {
            ModelyardClient.Builder builder = ModelyardClient.builder().baseUri(serverUrl);
            apiToken.ifPresent(builder::token);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(e.getMessage(), e);
        }
    }

    /** The API key from {@code --key}, else {@code $MODELYARD_API_KEY}. */
    Optional<String> apiKey(String flag) {
        return firstPresent(flag, context.environment().get(API_KEY_VARIABLE));
    }

    static ModelyardClient client(URI serverUrl, String apiToken) {
        try {
            return ModelyardClient.builder().baseUri(serverUrl).token(apiToken).build();
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(e.getMessage(), e);
        }
    }

    static URI parseUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new CliUsageException("the server URL must look like http://host:port, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliUsageException("the server URL must look like http://host:port, got '" + text + "'", e);
        }
    }

    private static boolean sameServer(URI saved, URI wanted) {
        return stripSlash(saved.toString()).equals(stripSlash(wanted.toString()));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Optional<String> firstPresent(String flag, String environment) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag);
        }
        return Optional.ofNullable(environment).filter(value -> !value.isBlank());
    }
}
