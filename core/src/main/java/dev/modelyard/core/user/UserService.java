package dev.modelyard.core.user;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Accounts and personal API tokens: bootstrap, authentication, creation and revocation. */
public final class UserService {
    public static final String ADMIN_NAME = "admin";
    private static final int MAX_TOKEN_NAME_LENGTH = 100;

    private final Transactions transactions;
    private final AuditRecorder audit;
    private final TokenSecrets secrets;
    private final Clock clock;

    public UserService(Transactions transactions, AuditRecorder audit, TokenSecrets secrets, Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A user just created, with the secret of its first token (shown this once). */
    public record CreatedUser(User user, ApiToken token, String secret) {}

    /** A token just created, with its secret (shown this once). */
    public record CreatedToken(ApiToken token, String secret) {}

    /**
     * On the first start (no users yet) creates the {@code admin} user and returns the secret of
     * its token; afterwards returns empty.
     */
    public Optional<String> bootstrapAdmin() {
        return transactions.inTransaction(stores -> {
            if (stores.users().countUsers() > 0) {
                return Optional.empty();
            }
            User admin = new User(UUID.randomUUID().toString(), ADMIN_NAME, "Administrator", true, clock.instant());
            stores.users().insertUser(admin);
            CreatedToken token = insertToken(stores, admin, "bootstrap", Optional.empty());
            Principal self = new Principal(admin, token.token().id());
            audit.record(
                    stores,
                    self,
                    Optional.empty(),
                    new Change("user.create", "user", admin.id(), admin.name(), null, admin.auditState()));
            return Optional.of(token.secret());
        });
    }

    /** The caller behind a bearer secret; 401 when it is unknown, revoked or expired. */
    public Principal authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            throw unauthenticated("no API token: send 'Authorization: Bearer <token>'");
        }
        String hash = TokenSecrets.hash(secret.strip());
        return transactions
                .read(stores -> stores.users().findActiveToken(hash, clock.instant()))
                .map(found -> new Principal(found.user(), found.token().id()))
                .orElseThrow(() -> unauthenticated("the API token is not valid: it is unknown, revoked or expired"));
    }

    public CreatedUser createUser(Principal principal, String name, String displayName, boolean admin) {
        requireAdmin(principal, "create users");
        Names.requireValid("user", name);
        return transactions.inTransaction(stores -> {
            User user = new User(UUID.randomUUID().toString(), name, displayName, admin, clock.instant());
            stores.users().insertUser(user);
            CreatedToken token = insertToken(stores, user, "initial", Optional.empty());
            audit.record(
                    stores,
                    principal,
                    Optional.empty(),
                    new Change("user.create", "user", user.id(), user.name(), null, user.auditState()));
            return new CreatedUser(user, token.token(), token.secret());
        });
    }

    public Page<User> listUsers(Principal principal, PageRequest page) {
        requireNonNull(principal, "principal is null");
        List<User> rows = transactions.read(stores -> stores.users().listUsers(page));
        return Page.fromOverfetch(rows, page, User::name);
    }

    public User getUser(Principal principal, String name) {
        requireNonNull(principal, "principal is null");
        return transactions.read(stores -> stores.users().findUserByName(name)).orElseThrow(() -> userNotFound(name));
    }

    public CreatedToken createToken(Principal principal, String name, Optional<Instant> expiresAt) {
        if (name == null || name.isBlank() || name.length() > MAX_TOKEN_NAME_LENGTH) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "token name must be 1 to " + MAX_TOKEN_NAME_LENGTH + " characters, for example 'laptop'",
                    Map.of("field", "name"));
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "expires_at " + expiresAt.get() + " is in the past; give a future time or none",
                    Map.of("field", "expires_at"));
        }
        return transactions.inTransaction(stores -> {
            CreatedToken token = insertToken(stores, principal.user(), name, expiresAt);
            audit.record(
                    stores,
                    principal,
                    Optional.empty(),
                    new Change(
                            "token.create",
                            "token",
                            token.token().id(),
                            token.token().name(),
                            null,
                            token.token().auditState()));
            return token;
        });
    }

    /** The caller's own tokens, newest first (secrets are never returned again). */
    public List<ApiToken> listTokens(Principal principal) {
        return transactions.read(stores -> stores.users().listTokens(principal.userId()));
    }

    /** Revokes one of the caller's tokens (admins: anyone's). Revoking twice is harmless. */
    public ApiToken revokeToken(Principal principal, String tokenId) {
        return transactions.inTransaction(stores -> {
            ApiToken token = stores.users()
                    .findToken(tokenId)
                    .filter(found -> principal.admin() || found.userId().equals(principal.userId()))
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.TOKEN_NOT_FOUND,
                            "token '" + tokenId + "' does not exist or is not yours",
                            Map.of("token_id", tokenId)));
            if (token.revokedAt().isPresent()) {
                return token;
            }
            ApiToken revoked = token.revoked(clock.instant());
            stores.users().revokeToken(tokenId, revoked.revokedAt().orElseThrow());
            audit.record(
                    stores,
                    principal,
                    Optional.empty(),
                    new Change(
                            "token.revoke",
                            "token",
                            token.id(),
                            token.name(),
                            token.auditState(),
                            revoked.auditState()));
            return revoked;
        });
    }

    private CreatedToken insertToken(Stores stores, User user, String name, Optional<Instant> expiresAt) {
        String secret = secrets.newSecret();
        ApiToken token = new ApiToken(
                UUID.randomUUID().toString(),
                user.id(),
                name,
                TokenSecrets.shownPrefix(secret),
                clock.instant(),
                expiresAt,
                Optional.empty());
        stores.users().insertToken(token, TokenSecrets.hash(secret));
        return new CreatedToken(token, secret);
    }

    static void requireAdmin(Principal principal, String what) {
        if (!principal.admin()) {
            throw new ModelyardException(
                    ErrorCode.PERMISSION_DENIED,
                    "only administrators may " + what + "; user '"
                            + principal.user().name() + "' is not one",
                    Map.of());
        }
    }

    public static ModelyardException userNotFound(String name) {
        return new ModelyardException(
                ErrorCode.USER_NOT_FOUND, "user '" + name + "' does not exist", Map.of("user", String.valueOf(name)));
    }

    private static ModelyardException unauthenticated(String message) {
        return new ModelyardException(ErrorCode.UNAUTHENTICATED, message, Map.of());
    }
}
