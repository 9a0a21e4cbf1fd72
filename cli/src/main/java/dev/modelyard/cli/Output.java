package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.modelyard.api.ApiJson;
import java.io.PrintStream;
import java.util.function.Supplier;

/** Prints a command's result in the chosen format: the response as JSON, or text for people. */
final class Output {
    private static final ObjectWriter JSON_WRITER = ApiJson.lenientMapper().writerWithDefaultPrettyPrinter();

    private final PrintStream out;
    private final OutputFormat format;

    Output(PrintStream out, OutputFormat format) {
        this.out = requireNonNull(out, "out is null");
        this.format = requireNonNull(format, "format is null");
    }

    boolean isJson() {
        return format == OutputFormat.JSON;
    }

    /** Prints {@code response} as JSON, or {@code human} (text ending in a line break). */
    void print(Object response, Supplier<String> human) {
        if (isJson()) {
            try {
                out.println(JSON_WRITER.writeValueAsString(response));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot print the response as JSON", e);
            }
        } else {
            out.print(human.get());
        }
        out.flush();
    }
}
