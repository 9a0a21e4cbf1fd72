package dev.modelyard.core.objective;

import dev.modelyard.core.PageRequest;
import java.util.List;
import java.util.Optional;

/** Objectives of projects. Implementations run inside the caller's transaction. */
public interface ObjectiveStore {
    /** Inserts; throws {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} on a name taken in the project. */
    void insertObjective(Objective objective);

    /** Replaces every field but id, project, name, creator and creation time. */
    void updateObjective(Objective objective);

    Optional<Objective> findObjective(String projectId, String name);

    Optional<Objective> findObjectiveById(String id);

    /**
     * Objectives of a project sorted by name after {@code page.after()}, at most {@code
     * page.maxResults() + 1}; archived ones only when {@code includeArchived}.
     */
    List<Objective> listObjectives(String projectId, PageRequest page, boolean includeArchived);
}
