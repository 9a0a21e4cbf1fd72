package dev.modelyard.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.modelyard.core.modelpackage.Signature;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents kept in TEXT columns: signatures (snake_case properties, so {@code
 * feature_names}), manifests, properties, audit states, the lists of objectives and releases, and
 * evaluation settings and metric sets. Thread-safe; one per {@link Database}.
 */
final class JsonColumns {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> OBJECTS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // only record components are stored, not derived flags such as Signature.isEmpty()
            .visibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot store " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    Signature readSignature(String json) {
        return read(json, mapper.constructType(Signature.class));
    }

    Map<String, Object> readObject(String json) {
        return read(json, mapper.getTypeFactory().constructType(OBJECT));
    }

    Map<String, String> readStrings(String json) {
        return read(json, mapper.getTypeFactory().constructType(STRINGS));
    }

    /** A JSON array of objects, each with its keys in stored order. */
    List<Map<String, Object>> readObjects(String json) {
        return read(json, mapper.getTypeFactory().constructType(OBJECTS));
    }

    List<String> readStringList(String json) {
        return read(json, mapper.getTypeFactory().constructType(STRING_LIST));
    }

    /** Any JSON document as a tree, for nested documents; a number written from a double reads back as that double. */
    JsonNode readTree(String json) {
        return read(json, mapper.constructType(JsonNode.class));
    }

    private <T> T read(String json, JavaType type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "stored JSON is not a valid " + type.getRawClass().getSimpleName(), e);
        }
    }
}
