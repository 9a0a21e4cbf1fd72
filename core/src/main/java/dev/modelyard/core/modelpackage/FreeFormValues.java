package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, unmodifiable, order-keeping copies of free-form manifest values (maps, lists, strings, numbers, booleans and
 * nulls), which {@link Map#copyOf} cannot hold because YAML allows null values and the key order matters to people.
 */
final class FreeFormValues {

    private FreeFormValues() {}

    static Map<String, Object> copyMap(Map<String, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((key, value) -> copy.put(requireNonNull(key, "key is null"), copyValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    static Map<String, String> copyStringMap(Map<String, String> source) {
        Map<String, String> copy = new LinkedHashMap<>();
        source.forEach((key, value) ->
                copy.put(requireNonNull(key, "key is null"), requireNonNull(value, "value of " + key + " is null")));
        return Collections.unmodifiableMap(copy);
    }

    static <V> Map<String, V> copyOrderedMap(Map<String, V> source) {
        Map<String, V> copy = new LinkedHashMap<>();
        source.forEach((key, value) ->
                copy.put(requireNonNull(key, "key is null"), requireNonNull(value, "value of " + key + " is null")));
        return Collections.unmodifiableMap(copy);
    }

    static List<Map<String, Object>> copyListOfMaps(List<Map<String, Object>> source) {
        List<Map<String, Object>> copy = new ArrayList<>(source.size());
        for (Map<String, Object> element : source) {
            copy.add(copyMap(requireNonNull(element, "element is null")));
        }
        return Collections.unmodifiableList(copy);
    }

    @SuppressWarnings("unchecked")
    static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copyMap((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
