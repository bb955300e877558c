package io.sprocket.perf.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain side-by-side table for the console: the first column left-aligned, the others
 * right-aligned unless {@link #leftAligned(int...) said otherwise}, each as wide as its widest cell, a
 * rule under the header.
 *
 * <p><b>Note:</b> not thread-safe; built and printed by one thread. It allocates.
 */
public final class TextTable {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] left;

    /**
     * Creates a table.
     *
     * @param headers the column titles; their count is the column count.
     */
    public TextTable(final String... headers) {
        this.headers = headers.clone();
        this.left = new boolean[headers.length];
        this.left[0] = true;
    }

    /**
     * Left-aligns some columns (text rather than figures).
     *
     * @param columns the columns, from 0.
     * @return this table.
     */
    public TextTable leftAligned(final int... columns) {
        for (final int c : columns) {
            left[c] = true;
        }
        return this;
    }

    /**
     * Adds a row; missing cells print empty, extra cells are dropped.
     *
     * @param cells the row's cells.
     * @return this table.
     */
    public TextTable row(final String... cells) {
        final String[] row = new String[headers.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = i < cells.length && cells[i] != null ? cells[i] : "";
        }
        rows.add(row);
        return this;
    }

    /**
     * Prints the table.
     *
     * @param out    where to print.
     * @param indent put in front of every line.
     */
    public void print(final PrintStream out, final String indent) {
        final int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
        }
        for (final String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        out.println(indent + line(headers, width, left));
        final StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(indent + rule);
        for (final String[] row : rows) {
            out.println(indent + line(row, width, left));
        }
    }

    private static String line(final String[] cells, final int[] width, final boolean[] left) {
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : "  ");
            if (left[i]) {
                line.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
            } else {
                line.append(" ".repeat(width[i] - cells[i].length())).append(cells[i]);
            }
        }
        return line.toString().stripTrailing();
    }
}
