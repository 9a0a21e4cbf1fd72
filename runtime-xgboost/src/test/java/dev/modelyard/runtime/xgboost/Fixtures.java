package dev.modelyard.runtime.xgboost;

import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.runtime.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The fixture files copied into {@code src/test/resources/fixtures}, and small CSV helpers. */
final class Fixtures {

    private Fixtures() {}

    static Path path(String fileName) {
        URL resource = Fixtures.class.getResource("/fixtures/" + fileName);
        if (resource == null) {
            throw new IllegalArgumentException("no fixture " + fileName);
        }
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static ModelArtifact artifact(Path modelFile) {
        return new ModelArtifact(
                "sha256:test", modelFile.toAbsolutePath().getParent(), modelFile, Signature.empty(), Map.of());
    }

    static ModelArtifact artifact(String fileName) {
        return artifact(path(fileName));
    }

    /** The header of a CSV fixture. */
    static List<String> header(String fileName) {
        return Arrays.asList(lines(fileName).get(0).split(","));
    }

    /** The first {@code columns} columns of every data row, as float32 the way the reference outputs were made. */
    static float[][] floatRows(String fileName, int columns) {
        List<String> lines = lines(fileName);
        float[][] rows = new float[lines.size() - 1][columns];
        for (int row = 0; row < rows.length; row++) {
            String[] cells = lines.get(row + 1).split(",");
            for (int column = 0; column < columns; column++) {
                rows[row][column] = (float) Double.parseDouble(cells[column]);
            }
        }
        return rows;
    }

    /** The same values as {@link #floatRows} but parsed as float64. */
    static double[][] doubleRows(String fileName, int columns) {
        List<String> lines = lines(fileName);
        double[][] rows = new double[lines.size() - 1][columns];
        for (int row = 0; row < rows.length; row++) {
            String[] cells = lines.get(row + 1).split(",");
            for (int column = 0; column < columns; column++) {
                rows[row][column] = Double.parseDouble(cells[column]);
            }
        }
        return rows;
    }

    static float[] flatten(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] values = new float[rows.length * width];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, values, row * width, width);
        }
        return values;
    }

    static double[] flatten(double[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        double[] values = new double[rows.length * width];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, values, row * width, width);
        }
        return values;
    }

    private static List<String> lines(String fileName) {
        try {
            return Files.readAllLines(path(fileName)).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
