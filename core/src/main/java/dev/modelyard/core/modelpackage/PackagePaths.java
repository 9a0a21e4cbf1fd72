package dev.modelyard.core.modelpackage;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks and normalizes paths inside a package: relative, forward slashes, no way out of the package root. */
final class PackagePaths {

    private PackagePaths() {}

    /**
     * The normalized form of a zip entry name ({@code a//./b/} becomes {@code a/b}).
     *
     * @throws ModelyardException {@link ErrorCode#INVALID_PACKAGE} naming the entry and what is wrong with it
     */
    static String normalizeEntryName(String entryName) {
        String problem = problemWith(entryName);
        if (problem != null) {
            throw new ModelyardException(
                    ErrorCode.INVALID_PACKAGE,
                    "the package entry '" + printable(entryName) + "' " + problem
                            + "; re-create the zip with relative paths inside one folder tree",
                    Map.of("entry", printable(entryName)));
        }
        return normalize(entryName);
    }

    /**
     * The normalized form of a path a manifest declares, such as {@code model_file}.
     *
     * @throws ModelyardException {@link ErrorCode#INVALID_MANIFEST} saying what is wrong with it
     */
    static String normalizeDeclaredPath(String path) {
        String problem = problemWith(path);
        if (problem != null) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MANIFEST,
                    ModelPackageInspector.MANIFEST_FILE_NAME + ": `model_file` '" + printable(path) + "' " + problem
                            + "; give the path relative to the package root, like models/model.onnx",
                    Map.of("key", "model_file"));
        }
        return normalize(path);
    }

    /** The last segment of a client's file name, which may carry a Windows or Unix folder. */
    static String baseName(String fileName) {
        String stripped = fileName.strip();
        int separator = Math.max(stripped.lastIndexOf('/'), stripped.lastIndexOf('\\'));
        return stripped.substring(separator + 1);
    }

    private static String problemWith(String path) {
        if (path.isBlank()) {
            return "is empty";
        }
        for (int index = 0; index < path.length(); index++) {
            if (Character.isISOControl(path.charAt(index))) {
                return "contains control characters";
            }
        }
        if (path.indexOf('\\') >= 0) {
            return "uses backslashes; zip paths must use forward slashes (/)";
        }
        if (path.startsWith("/")) {
            return "is an absolute path";
        }
        if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
            return "starts with a drive letter";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return "climbs out of the package with '..'";
            }
        }
        if (normalize(path).isEmpty()) {
            return "names no file";
        }
        return null;
    }

    private static String normalize(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    private static String printable(String path) {
        StringBuilder printable = new StringBuilder();
        for (int index = 0; index < path.length() && printable.length() < 200; index++) {
            char character = path.charAt(index);
            printable.append(Character.isISOControl(character) ? '?' : character);
        }
        return printable.toString();
    }
}
