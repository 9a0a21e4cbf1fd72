package dev.modelyard.cli;

import dev.modelyard.api.ApiKeyResponse;
import dev.modelyard.api.CreateApiKeyResponse;
import dev.modelyard.api.ListApiKeysResponse;
import dev.modelyard.client.ModelyardClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard keys …}: a deployment's API keys. */
@Command(
        name = "keys",
        description = "Create, list and revoke a deployment's API keys (for calling its inference endpoints).",
        subcommands = {KeysCommand.CreateKey.class, KeysCommand.ListKeys.class, KeysCommand.RevokeKey.class})
final class KeysCommand extends GroupCommand {

    @Command(
            name = "create",
            description = {
                "Create an API key for one deployment; its secret is shown only this once.",
                "Callers send it as 'x-api-key: SECRET' or 'Authorization: Bearer SECRET'."
            })
    static final class CreateKey extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DEPLOYMENT")
        String deployment;

        @Parameters(index = "2", paramLabel = "NAME", description = "Who uses it, e.g. billing-service.")
        String name;

        @Option(
                names = "--expires-at",
                paramLabel = "INSTANT",
                description = "When it stops working, e.g. 2026-01-31T00:00:00Z (default: never).")
        Instant expiresAt;

        CreateKey(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            CreateApiKeyResponse created =
                    client.createApiKey(project, deployment, name, Optional.ofNullable(expiresAt));
            output.print(
                    created,
                    () -> "Created API key " + created.key().name() + " (id "
                            + created.key().id()
                            + ") for deployment " + deployment + ".\nIts secret (shown only this once):\n"
                            + created.secret() + "\n");
        }
    }

    @Command(name = "list", description = "List a deployment's API keys (their secrets are never shown again).")
    static final class ListKeys extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DEPLOYMENT")
        String deployment;

        ListKeys(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ListApiKeysResponse keys = client.listApiKeys(project, deployment);
            output.print(keys, () -> DeploymentText.keys(keys.keys()));
        }
    }

    @Command(name = "revoke", description = "Revoke an API key; calls with it are refused from then on.")
    static final class RevokeKey extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DEPLOYMENT")
        String deployment;

        @Parameters(
                index = "2",
                paramLabel = "KEY",
                description = "The key's id, or its name when one active key has it.")
        String key;

        RevokeKey(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ApiKeyResponse revoked = client.revokeApiKey(project, deployment, keyId(client));
            output.print(
                    revoked,
                    () -> "Revoked API key " + revoked.name() + " (id " + revoked.id() + ") of deployment " + deployment
                            + ".\n");
        }

        /** The id of the key meant: {@code key} itself when it is an id, else the active key so named. */
        private String keyId(ModelyardClient client) {
            List<ApiKeyResponse> keys = client.listApiKeys(project, deployment).keys();
            if (keys.stream().anyMatch(candidate -> candidate.id().equals(key))) {
                return key;
            }
            List<ApiKeyResponse> named = keys.stream()
                    .filter(candidate -> candidate.name().equals(key) && candidate.revokedAt() == null)
                    .toList();
            if (named.size() > 1) {
                throw usageError("Several active keys are named '" + key + "'; say which by id: "
                        + named.stream().map(ApiKeyResponse::id).collect(Collectors.joining(", ")));
            }
            return named.isEmpty() ? key : named.get(0).id();
        }
    }
}
