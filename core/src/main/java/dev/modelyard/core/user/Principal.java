package dev.modelyard.core.user;

import static java.util.Objects.requireNonNull;

/** Who is calling: the user, and the token they authenticated with. */
public record Principal(User user, String tokenId) {
    public Principal {
        requireNonNull(user, "user is null");
        requireNonNull(tokenId, "tokenId is null");
    }

    public boolean admin() {
        return user.admin();
    }

    public String userId() {
        return user.id();
    }
}
