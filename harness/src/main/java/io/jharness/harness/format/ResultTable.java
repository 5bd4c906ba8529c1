package io.jharness.harness.format;

import java.util.List;

/**
 * A result table as data, for every format that shows it: a caption above it (or null), the
 * table, and lines of notes under it (failed points, a max-rate outcome, a count of targets met).
 * {@link #render()} is the plain-text form the console and {@code SUMMARY.txt} print; the HTML
 * report builds its own tables from the same cells.
 */
public record ResultTable(String caption, TextTable table, List<String> notes) {

    public ResultTable {
        notes = List.copyOf(notes);
    }

    /** The caption line, the table and each note on its own line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (caption != null) {
            sb.append(caption).append(System.lineSeparator());
        }
        sb.append(table.render());
        for (String note : notes) {
            sb.append(note).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
