package dev.modelyard.core.user;

import dev.modelyard.core.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users and their API tokens. Implementations run inside the caller's transaction. */
public interface UserStore {
    /** Inserts a user; throws {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} on a taken name. */
    void insertUser(User user);

    Optional<User> findUserById(String id);

    Optional<User> findUserByName(String name);

    /** Users sorted by name, after {@code page.after()}, at most {@code page.maxResults() + 1}. */
    List<User> listUsers(PageRequest page);

    long countUsers();

    void insertToken(ApiToken token, String secretHash);

    /** The token with this secret hash that is not revoked and not expired at {@code now}, with its user. */
    Optional<AuthenticatedToken> findActiveToken(String secretHash, Instant now);

    Optional<ApiToken> findToken(String tokenId);

    /** Tokens of one user, newest first. */
    List<ApiToken> listTokens(String userId);

    void revokeToken(String tokenId, Instant at);

    record AuthenticatedToken(User user, ApiToken token) {}
}
