package io.jharness.harness.report;

import io.jharness.harness.format.ResultTable;
import io.jharness.harness.format.TextTable;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * Result tables as HTML: the same cells the console prints ({@link ResultTable}), numbers right
 * aligned, an outcome cell ({@code ok}, {@code FAILED}, {@code FAIL...}) marked so that it can be
 * coloured. Every cell is set as text, so jsoup escapes it.
 */
final class HtmlTables {

    private HtmlTables() {}

    /** Appends the caption, the table (in a box that scrolls sideways when narrow) and the notes. */
    static void append(Element parent, ResultTable t) {
        Element wrap = parent.appendElement("div").addClass("table-wrap");
        Element table = wrap.appendElement("table").addClass("results");
        if (t.caption() != null) {
            table.appendElement("caption").text(t.caption());
        }
        TextTable cells = t.table();
        Element head = table.appendElement("thead").appendElement("tr");
        List<String> header = cells.header();
        for (int c = 0; c < header.size(); c++) {
            align(head.appendElement("th").attr("scope", "col").text(header.get(c)), cells, c);
        }
        Element body = table.appendElement("tbody");
        for (List<String> row : cells.rows()) {
            Element tr = body.appendElement("tr");
            for (int c = 0; c < row.size(); c++) {
                String text = row.get(c);
                Element td = c == 0 ? tr.appendElement("th").attr("scope", "row") : tr.appendElement("td");
                align(td.text(text), cells, c);
                outcome(td, text);
            }
        }
        for (String note : t.notes()) {
            parent.appendElement("p").addClass("note").text(note);
        }
    }

    /** A two-column table of names and values, in the map's order. */
    static void keyValues(Element parent, String caption, Map<String, String> rows) {
        Element table = parent.appendElement("div").addClass("table-wrap")
                .appendElement("table").addClass("key-values");
        if (caption != null) {
            table.appendElement("caption").text(caption);
        }
        Element body = table.appendElement("tbody");
        rows.forEach((name, value) -> {
            Element tr = body.appendElement("tr");
            tr.appendElement("th").attr("scope", "row").text(name);
            tr.appendElement("td").text(value == null ? "-" : value);
        });
    }

    private static void align(Element cell, TextTable table, int column) {
        if (!table.isLeftAligned(column)) {
            cell.addClass("num");
        }
    }

    /** Marks the cells that say how a row fared, the words {@link io.jharness.harness.format.SummaryTables} and the check table use. */
    private static void outcome(Element cell, String text) {
        if (text.startsWith("FAIL") || text.contains("misses")) {
            cell.addClass("bad");
        } else if (text.equals("ok") || text.startsWith("ok,")) {
            cell.addClass("good");
        }
    }
}
