package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ThroughputResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code performance_overview.png}: the run's charts on one page, two to a row, under a header
 * with the report's label. Panels appear when the report has their data: throughput by batch
 * size, decode step time by batch size, request latency percentiles, and time to first token and
 * inter-token latency percentiles. Each panel is an XChart chart; this class only places them.
 */
public final class OverviewChart implements ResultFormat {

    static final int COLUMNS = 2;
    static final int HEADER_HEIGHT = 78;
    static final Font HEADER_TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    static final Font HEADER_LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Color HEADER_BACKGROUND = new Color(0xF3, 0xF5, 0xF8);

    @Override
    public String fileName() {
        return "performance_overview.png";
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return !panels(report).isEmpty();
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        List<CategoryChart> panels = panels(report);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("the report has no throughput or latency result to chart");
        }
        if (!ImageIO.write(compose(report.label(), panels), "png", out)) {
            throw new IOException("no PNG writer");
        }
    }

    /** The panels the report has data for, in reading order. */
    static List<CategoryChart> panels(RunReport report) {
        int w = ChartStyle.PANEL_WIDTH;
        int h = ChartStyle.PANEL_HEIGHT;
        List<CategoryChart> panels = new ArrayList<>();
        ThroughputResult throughput = report.throughput();
        if (ThroughputChart.hasOkPoint(throughput)) {
            panels.add(ThroughputChart.chart(throughput, w, h, ThroughputChart.TITLE));
            if (DecodeStepChart.appliesTo(throughput)) {
                panels.add(DecodeStepChart.chart(throughput, w, h));
            }
        }
        LatencyResult latency = report.latency();
        if (latency != null) {
            panels.add(LatencyChart.chart(latency, w, h, LatencyChart.TITLE));
            if (TokenLatencyChart.appliesTo(latency)) {
                panels.add(TokenLatencyChart.chart(latency, w, h));
            }
        }
        return panels;
    }

    /** The header and the rendered panels on one white image. */
    static BufferedImage compose(String label, List<CategoryChart> panels) {
        return compose("Performance overview", label, panels);
    }

    /**
     * A header with {@code title} over {@code label}, and the rendered panels under it, two to a
     * row, on one white image.
     */
    static BufferedImage compose(String title, String label, List<? extends Chart<?, ?>> panels) {
        int columns = Math.min(COLUMNS, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        int width = columns * ChartStyle.PANEL_WIDTH;
        int height = HEADER_HEIGHT + rows * ChartStyle.PANEL_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            header(g, width, title, label);
            for (int i = 0; i < panels.size(); i++) {
                int x = (i % columns) * ChartStyle.PANEL_WIDTH;
                int y = HEADER_HEIGHT + (i / columns) * ChartStyle.PANEL_HEIGHT;
                g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), x, y, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void header(Graphics2D g, int width, String title, String label) {
        g.setColor(HEADER_BACKGROUND);
        g.fillRect(0, 0, width, HEADER_HEIGHT);
        g.setColor(ChartStyle.BORDER);
        g.drawLine(0, HEADER_HEIGHT - 1, width, HEADER_HEIGHT - 1);
        g.setColor(ChartStyle.TEXT);
        g.setFont(HEADER_TITLE_FONT);
        FontMetrics titleMetrics = g.getFontMetrics();
        int titleBaseline = 14 + titleMetrics.getAscent();
        g.drawString(title, 24, titleBaseline);
        g.setColor(ChartStyle.MUTED_TEXT);
        g.setFont(HEADER_LABEL_FONT);
        g.drawString(label, 24, titleBaseline + 8 + g.getFontMetrics().getAscent());
    }
}
