package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code serve_throughput_vs_rate.png}: what a sweep achieved against the load it put on the
 * engine, in two panels side by side: completed requests per second on the left, generated
 * (output) tokens per second on the right.
 *
 * <p>For a rate sweep the load is the offered arrival rate, and the left panel has the dashed
 * line achieved = offered: the rate where the points fall below it is where the engine
 * saturates. Points are drawn in order of load, whatever order they ran in (a max-rate search
 * probes out of order). A max-rate search's result is a dashed vertical line at that rate (or
 * "no probed rate met the SLO" under the axis), and points that missed the SLO have red markers;
 * the SLO is in the header. For a concurrency sweep the load is the number of requests kept in
 * flight, on a base-2 logarithmic axis when the concurrencies double (or quadruple...) from one
 * to the next, a linear one otherwise. Failed points are named under the load axis.
 */
public final class ServeThroughputChart implements ResultFormat {

    static final String RATE_TITLE = "Achieved throughput vs offered rate";
    static final String CONCURRENCY_TITLE = "Achieved throughput vs concurrency";

    @Override
    public String fileName() {
        return "serve_throughput_vs_rate.png";
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return !loadPoints(report.serve()).isEmpty();
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        ServeSweep sweep = report.serve();
        List<ServePoint> points = loadPoints(sweep);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("the sweep has no measured rate or concurrency point to chart");
        }
        String title = ServeCharts.withSlo(byRate(points) ? RATE_TITLE : CONCURRENCY_TITLE, sweep);
        ServeCharts.writePanels(title, report, panels(sweep), out);
    }

    /** The requests/s panel and the output tokens/s panel. */
    static List<XYChart> panels(ServeSweep sweep) {
        List<ServePoint> points = loadPoints(sweep);
        boolean rates = byRate(points);
        points = points.stream()
                .filter(p -> !Double.isNaN(load(p, rates)))
                .sorted(Comparator.comparingDouble(p -> load(p, rates)))
                .toList();
        double[] load = points.stream().mapToDouble(p -> load(p, rates)).toArray();
        Load axis = rates ? Load.rate(sweep, load) : Load.concurrency(sweep, load);
        return List.of(
                panel(points, axis, "Completed requests per second", "achieved throughput (requests/s)",
                        ServeMetrics::requestsPerSec, rates),
                panel(points, axis, "Generated tokens per second", "output throughput (tokens/s)",
                        ServeMetrics::outputTokensPerSec, false));
    }

    /** The measured points with an offered rate or a concurrency. */
    static List<ServePoint> loadPoints(ServeSweep sweep) {
        return ServeCharts.measured(sweep).stream()
                .filter(p -> p.offeredRate() != null || p.concurrency() != null)
                .toList();
    }

    /** Whether the sweep is over rates rather than concurrencies. */
    private static boolean byRate(List<ServePoint> points) {
        return points.stream().anyMatch(p -> p.offeredRate() != null);
    }

    private static double load(ServePoint p, boolean rates) {
        if (rates) {
            return p.offeredRate() != null ? p.offeredRate() : Double.NaN;
        }
        return p.concurrency() != null ? p.concurrency() : Double.NaN;
    }

    private static XYChart panel(List<ServePoint> points, Load axis, String title, String yAxis,
            ToDoubleFunction<ServeMetrics> figure, boolean offeredLine) {
        List<ServePoint> charted = points.stream()
                .filter(p -> !Double.isNaN(axis.x(p)))
                .toList();
        double[] x = charted.stream().mapToDouble(axis::x).toArray();
        double[] y = charted.stream().mapToDouble(p -> figure.applyAsDouble(p.metrics())).toArray();
        boolean[] miss = new boolean[charted.size()];
        for (int i = 0; i < miss.length; i++) {
            miss[i] = ServeCharts.missesSlo(charted.get(i));
        }
        double yMax = 0;
        for (double v : y) {
            yMax = Math.max(yMax, v);
        }
        if (offeredLine) {
            yMax = Math.max(yMax, axis.max());
        }
        double yTop = yMax > 0 ? yMax * 1.1 : 1;
        XYChart chart = ChartStyle.xyChart(ChartStyle.PANEL_WIDTH, ChartStyle.PANEL_HEIGHT, title, axis.title(),
                yAxis, true);
        var st = chart.getStyler();
        st.setYAxisMin(0.0);
        st.setYAxisMax(yTop);
        st.setYAxisDecimalPattern(yMax >= 100 ? "#,##0" : "#,##0.##");
        axis.style(chart);
        if (offeredLine) {
            ServeCharts.dashed(chart, "offered (achieved = offered)", new double[] {0, axis.max()},
                    new double[] {0, axis.max()}, ServeCharts.REFERENCE);
        }
        ServeCharts.line(chart, "achieved", x, y, ChartStyle.PALETTE[0], SeriesMarkers.CIRCLE);
        if (axis.maxRate() != null) {
            double r = axis.maxRate();
            ServeCharts.dashed(chart, axis.maxRateName(), new double[] {r, r}, new double[] {0, yTop},
                    ChartStyle.PALETTE[2]);
        }
        ServeCharts.misses(chart, x, y, miss, SeriesMarkers.CIRCLE);
        return chart;
    }

    /** The load axis: offered rate from zero, or concurrency. */
    private record Load(String title, boolean log2, double max, Double maxRate, String maxRateName, boolean rates) {

        static Load rate(ServeSweep sweep, double[] rates) {
            double max = rates.length == 0 || !(rates[rates.length - 1] > 0) ? 1 : rates[rates.length - 1] * 1.05;
            ServeSweep.MaxRate m = sweep.maxRate();
            String title = "offered rate (requests/s)";
            Double maxRate = null;
            String name = null;
            if (m != null && m.rate() != null) {
                maxRate = m.rate();
                name = "max rate meeting the SLO: " + ServeCharts.formatRate(m.rate()) + " req/s";
                max = Math.max(max, m.rate() * 1.05);
            } else if (m != null) {
                title += "  -  no probed rate met the SLO";
            }
            title = ServeCharts.withFailures(title, sweep, p -> p.ok() && p.metrics() != null);
            return new Load(title, false, max, maxRate, name, true);
        }

        static Load concurrency(ServeSweep sweep, double[] concurrencies) {
            boolean log2 = doubling(concurrencies);
            String title = ServeCharts.withFailures(
                    "concurrency (requests in flight" + (log2 ? ", log scale)" : ")"),
                    sweep, p -> p.ok() && p.metrics() != null);
            double max = concurrencies.length == 0 ? 1 : concurrencies[concurrencies.length - 1];
            return new Load(title, log2, max, null, null, false);
        }

        double x(ServePoint p) {
            double v = load(p, rates);
            return log2 ? Math.log(v) / Math.log(2) : v;
        }

        void style(XYChart chart) {
            var st = chart.getStyler();
            if (rates) {
                st.setXAxisMin(0.0);
                st.setXAxisMax(max);
                st.setXAxisDecimalPattern("#,##0.##");
            } else if (log2) {
                // Equally spaced exponents: XChart puts a tick on each point; label it with its concurrency.
                st.setxAxisTickLabelsFormattingFunction(e -> ChartStyle.formatWhole(Math.pow(2, e)));
            } else {
                st.setXAxisMin(0.0);
                st.setXAxisMax(max * 1.05);
                st.setXAxisDecimalPattern("#,##0");
            }
        }

        /**
         * Whether at least three concurrencies, all powers of two, each are the same power of two
         * times the one before (1, 2, 4, 8 or 1, 4, 16, 64): a base-2 log axis then has a tick on
         * each.
         */
        private static boolean doubling(double[] c) {
            if (c.length < 3) {
                return false;
            }
            double step = Math.log(c[1] / c[0]) / Math.log(2);
            if (!(step >= 1) || Math.abs(step - Math.rint(step)) > 1e-9) {
                return false;
            }
            for (int i = 0; i < c.length; i++) {
                double e = Math.log(c[i]) / Math.log(2);
                if (Math.abs(e - Math.rint(e)) > 1e-9) {
                    return false;
                }
                if (i > 0 && Math.abs(Math.log(c[i] / c[i - 1]) / Math.log(2) - step) > 1e-9) {
                    return false;
                }
            }
            return true;
        }
    }
}
