package io.jharness.harness.report;

import io.jharness.harness.charts.Charts;
import io.jharness.harness.format.ResultFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.jsoup.nodes.Element;

/**
 * Every chart the results support, drawn in memory by the same chart classes that write the PNG
 * files ({@link Charts#all()}) and embedded as {@code data:} URIs, so the report needs no file
 * beside it. A chart that cannot be drawn is named with the reason instead; where this Java
 * runtime has no {@code java.desktop} (the GPU bundle) the section says charts are unavailable.
 */
final class ChartsSection implements RunSection {

    private final boolean chartsAvailable;

    /** @param chartsAvailable whether this runtime can draw charts (it has {@code java.desktop}) */
    ChartsSection(boolean chartsAvailable) {
        this.chartsAvailable = chartsAvailable;
    }

    @Override
    public String title() {
        return "Charts";
    }

    @Override
    public boolean appliesTo(RunResults run) {
        return !chartsAvailable || Charts.all().stream().anyMatch(c -> c.appliesTo(run.report()));
    }

    @Override
    public void render(RunResults run, Element into) {
        if (!chartsAvailable) {
            into.appendElement("p").addClass("warning").text("Charts are not drawn: this Java runtime has no "
                    + "java.desktop. Run harness report with a full JDK to include them.");
            return;
        }
        Element grid = into.appendElement("div").addClass("charts");
        for (ResultFormat chart : Charts.all()) {
            if (chart.appliesTo(run.report())) {
                figure(grid, chart, run);
            }
        }
    }

    private static void figure(Element grid, ResultFormat chart, RunResults run) {
        Element figure = grid.appendElement("figure").addClass("chart");
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            chart.write(run.report(), png);
            byte[] bytes = png.toByteArray();
            figure.appendElement("img")
                    .attr("src", "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes))
                    .attr("alt", "chart " + chart.fileName() + " of " + run.source())
                    .attr("width", Integer.toString(pngSize(bytes, 0)))
                    .attr("height", Integer.toString(pngSize(bytes, 4)));
        } catch (IOException | RuntimeException e) {
            // One chart that cannot be drawn must not cost the rest of the report: say so in its place.
            figure.addClass("failed").appendElement("p").addClass("warning")
                    .text("This chart could not be drawn: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        figure.appendElement("figcaption").text(chart.fileName());
    }

    /**
     * The width ({@code at} 0) or height ({@code at} 4) of a PNG, from its header chunk, which the
     * PNG format fixes at byte 16 (after the signature, the chunk's length and its type). Read from
     * the bytes rather than with ImageIO so that this class loads where java.desktop is missing.
     */
    static int pngSize(byte[] png, int at) throws IOException {
        if (png.length < 24 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G'
                || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IOException("the chart is not a PNG");
        }
        return ByteBuffer.wrap(png, 16 + at, 4).getInt();
    }
}
