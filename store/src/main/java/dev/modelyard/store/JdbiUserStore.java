package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.user.ApiToken;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementException;

/** Users and API tokens in the {@code users} and {@code api_tokens} tables, on one handle. */
public final class JdbiUserStore implements UserStore {
    private static final String USER_COLUMNS =
            "u.id AS user_id, u.name AS user_name, u.display_name AS user_display_name,"
                    + " u.is_admin AS user_is_admin, u.created_at AS user_created_at";
    private static final String TOKEN_COLUMNS = "t.id AS token_id, t.user_id AS token_user_id, t.name AS token_name,"
            + " t.prefix AS token_prefix, t.created_at AS token_created_at, t.expires_at AS token_expires_at,"
            + " t.revoked_at AS token_revoked_at";

    private static final RowMapper<User> USER = (row, context) -> new User(
            row.getString("user_id"),
            row.getString("user_name"),
            row.getString("user_display_name"),
            row.getBoolean("user_is_admin"),
            EpochMicros.column(row, "user_created_at"));

    private static final RowMapper<ApiToken> TOKEN = (row, context) -> new ApiToken(
            row.getString("token_id"),
            row.getString("token_user_id"),
            row.getString("token_name"),
            row.getString("token_prefix"),
            EpochMicros.column(row, "token_created_at"),
            EpochMicros.optionalColumn(row, "token_expires_at"),
            EpochMicros.optionalColumn(row, "token_revoked_at"));

    private final Handle handle;

    public JdbiUserStore(Handle handle) {
        this.handle = requireNonNull(handle, "handle is null");
    }

    @Override
    public void insertUser(User user) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO users (id, name, display_name, is_admin, created_at)
                            VALUES (:id, :name, :displayName, :admin, :createdAt)
                            """)
                    .bind("id", user.id())
                    .bind("name", user.name())
                    .bind("displayName", user.displayName())
                    .bind("admin", user.admin())
                    .bind("createdAt", user.createdAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "user '" + user.name() + "' already exists",
                        Map.of("kind", "user", "name", user.name()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public Optional<User> findUserById(String id) {
        return handle.createQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = :id")
                .bind("id", id)
                .map(USER)
                .findOne();
    }

    @Override
    public Optional<User> findUserByName(String name) {
        return handle.createQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.name = :name")
                .bind("name", name)
                .map(USER)
                .findOne();
    }

    @Override
    public List<User> listUsers(PageRequest page) {
        String sql = "SELECT " + USER_COLUMNS + " FROM users u WHERE 1 = 1"
                + NamePaging.conditions("u.name", page)
                + NamePaging.orderAndLimit("u.name");
        return NamePaging.bind(handle.createQuery(sql), page).map(USER).list();
    }

    @Override
    public long countUsers() {
        return handle.createQuery("SELECT COUNT(*) FROM users")
                .mapTo(Long.class)
                .one();
    }

    @Override
    public void insertToken(ApiToken token, String secretHash) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO api_tokens (id, user_id, name, prefix, secret_hash, created_at, expires_at, revoked_at)
                            VALUES (:id, :userId, :name, :prefix, :secretHash, :createdAt, :expiresAt, :revokedAt)
                            """)
                    .bind("id", token.id())
                    .bind("userId", token.userId())
                    .bind("name", token.name())
                    .bind("prefix", token.prefix())
                    .bind("secretHash", requireNonNull(secretHash, "secretHash is null"))
                    .bind("createdAt", token.createdAt())
                    .bindByType("expiresAt", token.expiresAt().orElse(null), Instant.class)
                    .bindByType("revokedAt", token.revokedAt().orElse(null), Instant.class)
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "token '" + token.name() + "' already exists",
                        Map.of("kind", "token", "name", token.name()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public Optional<AuthenticatedToken> findActiveToken(String secretHash, Instant now) {
        return handle.createQuery(
                        "SELECT " + USER_COLUMNS + ", " + TOKEN_COLUMNS
                                + """
                         FROM api_tokens t JOIN users u ON u.id = t.user_id
                        WHERE t.secret_hash = :secretHash
                          AND t.revoked_at IS NULL
                          AND (t.expires_at IS NULL OR t.expires_at > :now)
                        """)
                .bind("secretHash", secretHash)
                .bind("now", now)
                .map((row, context) -> new AuthenticatedToken(USER.map(row, context), TOKEN.map(row, context)))
                .findOne();
    }

    @Override
    public Optional<ApiToken> findToken(String tokenId) {
        return handle.createQuery("SELECT " + TOKEN_COLUMNS + " FROM api_tokens t WHERE t.id = :id")
                .bind("id", tokenId)
                .map(TOKEN)
                .findOne();
    }

    @Override
    public List<ApiToken> listTokens(String userId) {
        return handle.createQuery("SELECT " + TOKEN_COLUMNS
                        + " FROM api_tokens t WHERE t.user_id = :userId ORDER BY t.created_at DESC, t.id DESC")
                .bind("userId", userId)
                .map(TOKEN)
                .list();
    }

    /** Revokes the token; a token revoked before keeps its first revocation time. */
    @Override
    public void revokeToken(String tokenId, Instant at) {
        int updated = handle.createUpdate("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, :at) WHERE id = :id")
                .bind("at", at)
                .bind("id", tokenId)
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.TOKEN_NOT_FOUND, "token '" + tokenId + "' does not exist", Map.of("token_id", tokenId));
        }
    }
}
