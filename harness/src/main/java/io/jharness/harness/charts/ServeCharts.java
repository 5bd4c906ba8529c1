package io.jharness.harness.charts;

import io.jharness.harness.config.SloSpec;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** What the charts of an online-load sweep share: which points they show, the SLO, the series styles. */
final class ServeCharts {

    /** The colour of the markers of points that miss the SLO. */
    static final Color MISS = new Color(0xD6, 0x27, 0x28);
    /** The colour of reference lines that belong to no measured series, such as "offered". */
    static final Color REFERENCE = new Color(0x88, 0x88, 0x88);

    private static final BasicStroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED = new BasicStroke(
            1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
    /** Failed points named in an axis title, at most. */
    private static final int NAMED_FAILURES = 3;

    private ServeCharts() {}

    /** The points that measured something: ok, with metrics. */
    static List<ServePoint> measured(ServeSweep sweep) {
        if (sweep == null) {
            return List.of();
        }
        return sweep.points().stream().filter(p -> p.ok() && p.metrics() != null).toList();
    }

    static boolean measured(DistributionSummary d) {
        return d != null && d.count() > 0;
    }

    /** The SLO the sweep was judged against, or null without one (or when its text does not parse). */
    static SloSpec slo(ServeSweep sweep) {
        if (sweep == null) {
            return null;
        }
        String text = null;
        if (sweep.maxRate() != null) {
            text = sweep.maxRate().slo();
        }
        if (text == null) {
            text = sweep.points().stream()
                    .filter(p -> p.metrics() != null && p.metrics().goodput() != null)
                    .map(p -> p.metrics().goodput().slo())
                    .filter(s -> s != null)
                    .findFirst()
                    .orElse(null);
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return SloSpec.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code title}, followed by the SLO the sweep was judged against when it has one. */
    static String withSlo(String title, ServeSweep sweep) {
        SloSpec slo = slo(sweep);
        return slo == null ? title : title + "  (SLO " + slo.text() + " at p99)";
    }

    /** A metric's bound in milliseconds, or NaN when the SLO has none. */
    static double boundMs(SloSpec slo, String metric) {
        if (slo == null || !slo.boundsNanos().containsKey(metric)) {
            return Double.NaN;
        }
        return slo.bound(metric) / 1e6;
    }

    /** Whether a point was judged against an SLO and missed it. */
    static boolean missesSlo(ServePoint p) {
        return Boolean.FALSE.equals(p.meetsSlo());
    }

    /**
     * {@code axisTitle}, followed by the labels of the points that are not charted because they
     * failed or measured nothing, or {@code axisTitle} alone when every point is charted.
     */
    static String withFailures(String axisTitle, ServeSweep sweep, Predicate<ServePoint> charted) {
        List<ServePoint> notCharted = sweep.points().stream().filter(charted.negate()).toList();
        List<String> left = notCharted.stream().map(ServePoint::label).toList();
        if (left.isEmpty()) {
            return axisTitle;
        }
        String why = notCharted.stream().anyMatch(p -> "skipped".equals(p.status())) ? "failed or skipped" : "failed";
        String named = left.stream().limit(NAMED_FAILURES).collect(Collectors.joining(", "));
        if (left.size() > NAMED_FAILURES) {
            named += " and " + (left.size() - NAMED_FAILURES) + " more";
        }
        return axisTitle + "  -  " + why + ", not shown: " + named;
    }

    /** A measured series: a solid line through markers. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, Marker marker) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setLineStyle(LINE);
        s.setMarker(marker);
        s.setMarkerColor(color);
        return s;
    }

    /** A reference line (a bound, the offered load, the max rate): dashed, without markers. */
    static XYSeries dashed(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setLineStyle(DASHED);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /**
     * Red markers, of the series' own shape, over the points of a series that miss the SLO;
     * nothing when none does.
     */
    static void misses(XYChart chart, double[] x, double[] y, boolean[] miss, Marker marker) {
        int n = 0;
        for (boolean m : miss) {
            n += m ? 1 : 0;
        }
        if (n == 0) {
            return;
        }
        double[] mx = new double[n];
        double[] my = new double[n];
        for (int i = 0, j = 0; i < miss.length; i++) {
            if (miss[i]) {
                mx[j] = x[i];
                my[j++] = y[i];
            }
        }
        XYSeries s = chart.addSeries("misses the SLO", mx, my);
        s.setLineStyle(SeriesLines.NONE);
        s.setMarker(marker);
        s.setMarkerColor(MISS);
        s.setLineColor(MISS);
    }

    /** The panels side by side under a header with {@code title} and the report's label, as a PNG. */
    static void writePanels(String title, RunReport report, List<XYChart> panels, OutputStream out)
            throws IOException {
        BufferedImage image = OverviewChart.compose(title, report.label(), panels);
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer");
        }
    }

    /** A bound in milliseconds without trailing zeros: {@code 50}, {@code 6.5}, {@code 0.25}. */
    static String formatBound(double ms) {
        return ChartStyle.decimal("#,##0.###").format(ms);
    }

    /** Requests per second with a sensible number of digits: {@code 42}, {@code 7.5}, {@code 0.25}. */
    static String formatRate(double rate) {
        double a = Math.abs(rate);
        String pattern = a >= 100 ? "#,##0" : a >= 10 ? "0.#" : "0.##";
        return ChartStyle.decimal(pattern).format(rate);
    }
}
