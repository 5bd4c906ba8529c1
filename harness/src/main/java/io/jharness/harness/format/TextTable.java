package io.jharness.harness.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with a header row; the first column left-aligned, the others right-aligned. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
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
                sb.append(c == 0 ? r[c] + pad : pad + r[c]);
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
