package dev.modelyard.cli;

import dev.modelyard.api.CreateTokenResponse;
import dev.modelyard.api.ListTokensResponse;
import dev.modelyard.api.TokenResponse;
import dev.modelyard.client.ModelyardClient;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard tokens …}: your own API tokens. */
@Command(
        name = "tokens",
        description = "List, create and revoke your API tokens.",
        subcommands = {TokensCommand.ListTokens.class, TokensCommand.CreateToken.class, TokensCommand.RevokeToken.class
        })
final class TokensCommand extends GroupCommand {

    @Command(name = "list", description = "List your tokens (their secrets are never shown again).")
    static final class ListTokens extends ApiCommand {
        ListTokens(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ListTokensResponse tokens = client.listTokens();
            output.print(tokens, () -> {
                Table table = new Table("ID", "NAME", "PREFIX", "CREATED AT", "EXPIRES AT", "STATUS");
                tokens.tokens()
                        .forEach(token -> table.addRow(
                                token.id(),
                                token.name(),
                                token.prefix(),
                                Formats.instant(token.createdAt()),
                                Formats.instant(token.expiresAt()),
                                status(token)));
                return table.render();
            });
        }

        private static String status(TokenResponse token) {
            if (token.revokedAt() != null) {
                return "revoked " + Formats.instant(token.revokedAt());
            }
            if (token.expiresAt() != null && token.expiresAt().isBefore(Instant.now())) {
                return "expired";
            }
            return "active";
        }
    }

    @Command(name = "create", description = "Create a token; its secret is shown only this once.")
    static final class CreateToken extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "What the token is for, e.g. ci.")
        String name;

        @Option(
                names = "--expires-at",
                paramLabel = "INSTANT",
                description = "When it stops working, e.g. 2026-01-31T00:00:00Z (default: never).")
        Instant expiresAt;

        CreateToken(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            CreateTokenResponse created = client.createToken(name, Optional.ofNullable(expiresAt));
            output.print(
                    created,
                    () -> "Created token " + created.token().name() + " (id "
                            + created.token().id() + ").\nIts secret (shown only this once):\n" + created.secret()
                            + "\n");
        }
    }

    @Command(name = "revoke", description = "Revoke one of your tokens; it stops working at once.")
    static final class RevokeToken extends ApiCommand {
        @Parameters(index = "0", paramLabel = "TOKEN_ID")
        String tokenId;

        RevokeToken(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            TokenResponse revoked = client.revokeToken(tokenId);
            output.print(revoked, () -> "Revoked token " + revoked.name() + " (id " + revoked.id() + ").\n");
        }
    }
}
