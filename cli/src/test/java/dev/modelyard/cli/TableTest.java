package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsEveryColumnToItsWidestCellWithoutTrailingSpaces() {
        Table table = new Table("NAME", "ROLE", "ADDED AT")
                .addRow("alice", "editor", "2025-01-02T03:04:05Z")
                .addRow("bartholomew", "owner", "2025-01-02T03:04:06Z");

        assertThat(table.render())
                .isEqualTo(
                        """
                        NAME         ROLE    ADDED AT
                        alice        editor  2025-01-02T03:04:05Z
                        bartholomew  owner   2025-01-02T03:04:06Z
                        """);
    }

    @Test
    void showsAbsentCellsAsADashAndKeepsMultiLineTextOnOneRow() {
        String rendered = new Table("NAME", "DESCRIPTION", "CREATED BY")
                .addRow("fraud", "first line\nsecond line", null)
                .render();

        assertThat(rendered).isEqualTo("NAME   DESCRIPTION             CREATED BY\nfraud  first line second line  -\n");
    }

    @Test
    void printsOnlyTheHeaderForAnEmptyList() {
        assertThat(new Table("NAME", "DESCRIPTION").render()).isEqualTo("NAME  DESCRIPTION\n");
    }

    @Test
    void alignsTheValuesOfKeyValueLines() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Project", "fraud");
        fields.put("Created by", "admin");
        fields.put("Description", null);

        assertThat(Table.keyValues(fields)).isEqualTo("Project:      fraud\nCreated by:   admin\nDescription:  -\n");
    }

    @Test
    void refusesARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> new Table("A", "B").addRow("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 cells");
    }

    @Test
    void formatsSizesAndShapesForPeople() {
        assertThat(Formats.size(431)).isEqualTo("431 B");
        assertThat(Formats.size(2341)).isEqualTo("2.3 KiB");
        assertThat(Formats.size(300L * 1024 * 1024)).isEqualTo("300.0 MiB");
        assertThat(Formats.shape(List.of(-1L, 13L))).isEqualTo("[-1, 13]");
    }
}
