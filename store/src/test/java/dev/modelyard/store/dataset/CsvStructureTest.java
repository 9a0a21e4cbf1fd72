package dev.modelyard.store.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.dataset.InvalidTableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV structure check on its own: what it accepts, and where it says a file goes wrong. */
class CsvStructureTest {
    @TempDir
    Path folder;

    @Test
    void acceptsQuotedFieldsCrlfLineEndsAByteOrderMarkAndNoFinalNewline() throws IOException {
        CsvStructure.Shape shape =
                check("\uFEFF\"id\",\"note, with comma\"\r\n1,\"two\r\nlines\"\r\n2,\"say \"\"hi\"\"\"\r\n3,");

        assertThat(shape.header()).containsExactly("id", "note, with comma");
        assertThat(shape.rows()).isEqualTo(3);
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws IOException {
        assertThat(check("a,b\n").rows()).isZero();
        assertThat(check("a,b").header()).containsExactly("a", "b");
    }

    @Test
    void linesAreCountedAcrossQuotedNewlines() {
        assertThatThrownBy(() -> check("a,b\n1,\"x\ny\"\n2\n"))
                .isInstanceOfSatisfying(
                        InvalidTableException.class, e -> assertThat(e.line()).contains(4L))
                .hasMessageContaining("line 4 has 1 field but the header has 2");
    }

    @Test
    void strayCarriageReturnsAreRefused() {
        assertThatThrownBy(() -> check("a,b\r1,2\n"))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("line 1, column 4: a carriage return that does not end a line");
    }

    @Test
    void overlongRecordsPointAtAnOpenQuote() {
        String huge = "a\n\"" + "x".repeat(CsvStructure.MAX_RECORD_CHARS + 1) + "\n";
        assertThatThrownBy(() -> check(huge))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("line 2, column 1: a quoted field opened here runs over");
    }

    @Test
    void longAndEmptyColumnNamesAreRefused() {
        assertThatThrownBy(() -> check("a," + "n".repeat(300) + "\n1,2\n"))
                .hasMessageContaining("the name of column 2 is longer than 256 characters");
        assertThatThrownBy(() -> check("a, \n1,2\n")).hasMessageContaining("column 2 has no name");
        for (String header : List.of("a,b,a", "x,X")) {
            assertThatThrownBy(() -> check(header + "\n")).hasMessageContaining("have the same name");
        }
    }

    private CsvStructure.Shape check(String content) throws IOException {
        Path file = Files.createTempFile(folder, "check-", ".csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return CsvStructure.check(file);
    }
}
