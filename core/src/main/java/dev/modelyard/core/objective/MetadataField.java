package dev.modelyard.core.objective;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A custom metadata field every submission to an objective fills in. */
public record MetadataField(String name, Type type, boolean required, String description, List<String> allowedValues) {

    /** The value types a field may have; {@code ENUM} takes one of {@code allowedValues}. */
    public enum Type {
        STRING,
        NUMBER,
        BOOLEAN,
        ENUM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromId(String id) {
            for (Type type : values()) {
                if (type.id().equals(id)) {
                    return type;
                }
            }
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "metadata field type '" + id + "' is not one of [string, number, boolean, enum]",
                    Map.of("field", "metadata_fields.type"));
        }
    }

    public MetadataField {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        description = description == null ? "" : description;
        allowedValues = List.copyOf(requireNonNull(allowedValues, "allowedValues is null"));
    }

    /**
     * Checks one submitted value; returns the reason it is not acceptable, or empty when it is.
     * Accepts the JSON types a client sends: strings, numbers, booleans.
     */
    public Optional<String> reject(Object value) {
        return switch (type) {
            case STRING -> value instanceof String ? Optional.empty() : Optional.of("must be a string");
            case NUMBER -> value instanceof Number ? Optional.empty() : Optional.of("must be a number");
            case BOOLEAN -> value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
            case ENUM ->
                value instanceof String text && allowedValues.contains(text)
                        ? Optional.empty()
                        : Optional.of("must be one of " + allowedValues);
        };
    }
}
