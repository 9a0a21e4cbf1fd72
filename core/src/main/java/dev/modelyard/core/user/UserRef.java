package dev.modelyard.core.user;

import static java.util.Objects.requireNonNull;

/** A reference to a user as other records carry it: the stable id and the (immutable) name. */
public record UserRef(String id, String name) {
    public UserRef {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
    }

    public static UserRef of(Principal principal) {
        return new UserRef(principal.userId(), principal.user().name());
    }
}
