package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The software a model was built with.
 *
 * @param python the Python version, or {@code null} when not given
 * @param libraries library name to version, in the manifest's order
 */
public record CodeEnvironment(String python, Map<String, String> libraries) {

    public CodeEnvironment {
        libraries = FreeFormValues.copyStringMap(requireNonNull(libraries, "libraries is null"));
    }
}
