package io.jharness.harness.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with a header row. The first column is left-aligned, numbers are
 * right-aligned, and columns marked with {@link #leftAlign} hold text.
 */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final boolean[] left;

    public TextTable(String... header) {
        this.columns = header.length;
        this.left = new boolean[columns];
        left[0] = true;
        rows.add(header);
    }

    /** Marks a column as text, aligned left. */
    public TextTable leftAlign(int column) {
        left[column] = true;
        return this;
    }

    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    /** The header row's cells. */
    public List<String> header() {
        return List.of(rows.getFirst());
    }

    /** The rows under the header, each a list of its cells. */
    public List<List<String>> rows() {
        return rows.subList(1, rows.size()).stream().map(List::of).toList();
    }

    /** Whether a column holds text (aligned left) rather than numbers. */
    public boolean isLeftAligned(int column) {
        return left[column];
    }

    public String render() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    sb.append("  ");
                }
                String pad = " ".repeat(width[c] - r[c].length());
                sb.append(left[c] ? r[c] + pad : pad + r[c]);
            }
            sb.append(System.lineSeparator());
            if (i == 0) {
                char[] rule = new char[Arrays.stream(width).sum() + 2 * (columns - 1)];
                Arrays.fill(rule, '-');
                sb.append(rule).append(System.lineSeparator());
            }
        }
        return sb.toString().replaceAll("(?m) +$", "");
    }
}
