package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Which parts of a large document to keep while streaming through it: whole subtrees at the given dotted object
 * paths, plus the objects leading to them. Everything else is skipped without being kept in memory.
 */
final class SelectedPaths {

    enum Decision {
        KEEP,
        DESCEND,
        SKIP
    }

    private final Set<String> paths;

    SelectedPaths(Set<String> paths) {
        this.paths = Set.copyOf(requireNonNull(paths, "paths is null"));
    }

    /** What to do with the value at this dotted path ("" is the root). */
    Decision decide(String path) {
        if (path.isEmpty()) {
            return Decision.DESCEND;
        }
        boolean leadsToSelection = false;
        for (String selected : paths) {
            if (path.equals(selected) || path.startsWith(selected + ".")) {
                return Decision.KEEP;
            }
            if (selected.startsWith(path + ".")) {
                leadsToSelection = true;
            }
        }
        return leadsToSelection ? Decision.DESCEND : Decision.SKIP;
    }

    static String child(String parentPath, String key) {
        return parentPath.isEmpty() ? key : parentPath + "." + key;
    }
}
