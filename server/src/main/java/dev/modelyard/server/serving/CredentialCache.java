package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.deployment.ApiKey;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.TokenSecrets;
import dev.modelyard.core.user.UserService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the inference path knows about credentials without asking the database on every call:
 * personal tokens (the caller), deployment keys (by secret hash) and project membership. A miss is
 * looked up on a blocking executor, never on the event loop. Keys are forgotten after each
 * serving sync — before the call that created or revoked a key on this server answers, and at every
 * poll for changes made elsewhere. Personal tokens and memberships are kept at most {@link
 * #PRINCIPAL_LIFETIME}, so a revoked token stops opening deployments within a second.
 */
public final class CredentialCache {
    public static final Duration PRINCIPAL_LIFETIME = Duration.ofSeconds(1);

    private final Transactions transactions;
    private final UserService users;
    private final Executor blocking;
    private final ConcurrentHashMap<String, Expiring<Optional<Principal>>> principals = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Optional<ApiKey>>> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Expiring<Boolean>> memberships = new ConcurrentHashMap<>();

    /** A lookup and when it stops being trusted. */
    private record Expiring<T>(CompletableFuture<T> value, long expiresNanos) {}

    public CredentialCache(Transactions transactions, UserService users, Executor blocking) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.users = requireNonNull(users, "users is null");
        this.blocking = requireNonNull(blocking, "blocking is null");
    }

    /** The user behind a personal token, or empty when it is unknown, revoked or expired. */
    public CompletionStage<Optional<Principal>> principal(String secret) {
        return expiring(principals, TokenSecrets.hash(secret), () -> {
            try {
                return Optional.of(users.authenticate(secret));
            } catch (ModelyardException unknown) {
                return Optional.empty();
            }
        });
    }

    /** The deployment key with this secret, active or not, or empty when there is none. */
    public CompletionStage<Optional<ApiKey>> key(String secret) {
        String hash = TokenSecrets.hash(secret);
        return cached(
                keys,
                hash,
                () -> transactions.read(stores -> stores.deployments().findApiKeyBySecretHash(hash)));
    }

    public CompletionStage<Boolean> member(String userId, String projectId) {
        return expiring(
                memberships,
                userId + "/" + projectId,
                () -> transactions.read(stores ->
                        stores.projects().findMember(projectId, userId).isPresent()));
    }

    public void forgetAll() {
        principals.clear();
        keys.clear();
        memberships.clear();
    }

    private <T> CompletionStage<T> expiring(
            ConcurrentHashMap<String, Expiring<T>> cache, String key, Supplier<T> lookup) {
        long now = System.nanoTime();
        Expiring<T> known = cache.get(key);
        if (known != null && now - known.expiresNanos() < 0) {
            return known.value();
        }
        CompletableFuture<T> loading = new CompletableFuture<>();
        Expiring<T> fresh = new Expiring<>(loading, now + PRINCIPAL_LIFETIME.toNanos());
        boolean mine = known == null ? cache.putIfAbsent(key, fresh) == null : cache.replace(key, known, fresh);
        if (!mine) {
            Expiring<T> raced = cache.get(key);
            return raced != null ? raced.value() : expiring(cache, key, lookup);
        }
        blocking.execute(() -> {
            try {
                loading.complete(lookup.get());
            } catch (RuntimeException e) {
                cache.remove(key, fresh);
                loading.completeExceptionally(e);
            }
        });
        return loading;
    }

    private <T> CompletionStage<T> cached(
            ConcurrentHashMap<String, CompletableFuture<T>> cache, String key, Supplier<T> lookup) {
        CompletableFuture<T> known = cache.get(key);
        if (known != null) {
            return known;
        }
        CompletableFuture<T> loading = new CompletableFuture<>();
        CompletableFuture<T> raced = cache.putIfAbsent(key, loading);
        if (raced != null) {
            return raced;
        }
        blocking.execute(() -> {
            try {
                loading.complete(lookup.get());
            } catch (RuntimeException e) {
                cache.remove(key, loading);
                loading.completeExceptionally(e);
            }
        });
        return loading;
    }
}
