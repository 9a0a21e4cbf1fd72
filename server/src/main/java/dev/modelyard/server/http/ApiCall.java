package dev.modelyard.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.user.Principal;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One API request as a handler sees it: the caller, the path and query parameters, the body. */
public final class ApiCall {
    private static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

    private final Principal principal;
    private final Map<String, String> pathParameters;
    private final MultiMap query;
    private final byte[] body;
    private final ObjectMapper mapper;

    ApiCall(Principal principal, Map<String, String> pathParameters, MultiMap query, byte[] body, ObjectMapper mapper) {
        this.principal = principal;
        this.pathParameters = Map.copyOf(pathParameters);
        this.query = requireNonNull(query, "query is null");
        this.body = requireNonNull(body, "body is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    /** The authenticated caller (routes that need no authentication must not ask). */
    public Principal principal() {
        return requireNonNull(principal, "this route is not authenticated");
    }

    public String path(String name) {
        return requireNonNull(pathParameters.get(name), () -> "no path parameter " + name);
    }

    public int intPath(String name) {
        String value = path(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw badParameter(name, "'" + value + "' is not a whole number");
        }
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).filter(value -> !value.isEmpty());
    }

    /** Every query parameter whose name starts with {@code prefix}, keyed by the rest of its name. */
    public Map<String, String> queryWithPrefix(String prefix) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String name : query.names()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                values.put(name.substring(prefix.length()), query.get(name));
            }
        }
        return values;
    }

    /** A whole-number query parameter; absent or empty: empty. */
    public Optional<Integer> intQuery(String name) {
        return query(name).filter(value -> !value.isEmpty()).map(value -> {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw badParameter(name, "'" + value + "' is not a whole number");
            }
        });
    }

    public Optional<Boolean> booleanQuery(String name) {
        return query(name).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw badParameter(name, "'" + value + "' is not true or false");
        });
    }

    /** An ISO-8601 instant between 1970 and the end of year 9999 (what the stores can hold). */
    public Optional<Instant> instantQuery(String name) {
        return query(name).map(value -> {
            Instant instant;
            try {
                instant = Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw badParameter(name, "'" + value + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
            if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST_INSTANT)) {
                throw badParameter(name, "'" + value + "' is outside 1970-01-01T00:00:00Z to " + LATEST_INSTANT);
            }
            return instant;
        });
    }

    /** The paging parameters: {@code max_results}, {@code page_token} and {@code name}. */
    public PageRequest page() {
        Integer maxResults = intQuery("max_results").orElse(null);
        return PageRequest.of(
                maxResults, query("page_token").orElse(null), query("name").orElse(null));
    }

    /** Whether the request carried a body (an optional one may be left out). */
    public boolean hasBody() {
        return body.length > 0;
    }

    /** The JSON body as {@code type}; 400 with the field and reason when it does not fit. */
    public <T> T body(Class<T> type) {
        if (body.length == 0) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "the request needs a JSON body",
                    Map.of("content_type", "application/json"));
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new ModelyardException(
                        ErrorCode.INVALID_REQUEST, "the JSON body is null; send an object", Map.of());
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "unknown field '" + e.getPropertyName() + "'; known fields: "
                            + e.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", ")),
                    Map.of("field", e.getPropertyName()));
        } catch (InvalidFormatException e) {
            String field = fieldPath(e);
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "field '" + field + "' has a value of the wrong type: " + e.getValue(),
                    Map.of("field", field));
        } catch (MismatchedInputException e) {
            String field = fieldPath(e);
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    field.isEmpty()
                            ? "the JSON body must be an object"
                            : "field '" + field + "' has a value of the wrong type",
                    Map.of("field", field));
        } catch (JacksonException e) {
            throw new ModelyardException(
                    ErrorCode.MALFORMED_JSON,
                    "the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    Map.of(
                            "line",
                            e.getLocation().getLineNr(),
                            "column",
                            e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new ModelyardException(ErrorCode.MALFORMED_JSON, "the body could not be read as JSON", Map.of());
        }
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST, "field '" + field + "' is required", Map.of("field", field));
        }
        return value;
    }

    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static ModelyardException badParameter(String name, String reason) {
        return new ModelyardException(
                ErrorCode.INVALID_REQUEST, "parameter '" + name + "': " + reason, Map.of("parameter", name));
    }
}
