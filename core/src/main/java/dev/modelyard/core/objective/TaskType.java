package dev.modelyard.core.objective;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The kind of modeling problem an objective is. */
public enum TaskType {
    BINARY_CLASSIFICATION,
    MULTICLASS_CLASSIFICATION,
    REGRESSION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskType fromId(String id) {
        return Arrays.stream(values())
                .filter(type -> type.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.INVALID_REQUEST,
                        "task_type '" + id + "' is not one of "
                                + Arrays.stream(values()).map(TaskType::id).toList(),
                        Map.of("field", "task_type")));
    }
}
