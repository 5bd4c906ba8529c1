package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.PointRoofline;
import io.jharness.harness.results.RooflineCeiling;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;

/**
 * {@code roofline_chart.png}: what each batch size's decode steps achieved against the hardware,
 * two panels side by side. Left, achieved memory bandwidth (GB/s) per batch size as bars, with
 * dashed horizontal lines at the device-to-device copy ceiling measured at start-up and at the
 * datasheet peak, where the run has them; a bar above the copy ceiling is red, since no real
 * step can be faster than a copy (a measurement error). Right, achieved TFLOP/s (or GFLOP/s) per batch size. A batch size
 * without a roofline (failed) keeps its place with a note.
 */
public final class RooflineChart implements ResultFormat {

    static final String TITLE = "Roofline: decode steps";
    /** Room above the highest ceiling line for its label, as a share of the line's value. */
    private static final double CEILING_HEADROOM = 0.1;

    @Override
    public String fileName() {
        return "roofline_chart.png";
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return report.throughput() != null
                && report.throughput().points().stream().anyMatch(p -> p.roofline() != null);
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        RooflineCeiling ceiling = report.metadata() == null ? null : report.metadata().rooflineCeiling();
        List<CategoryChart> panels = List.of(
                bandwidth(report.throughput(), ceiling, ChartStyle.PANEL_WIDTH, ChartStyle.PANEL_HEIGHT),
                flops(report.throughput(), ChartStyle.PANEL_WIDTH, ChartStyle.PANEL_HEIGHT));
        if (!ImageIO.write(OverviewChart.compose(TITLE, report.label() + "; " + ceilings(ceiling), panels), "png", out)) {
            throw new IOException("no PNG writer");
        }
    }

    /** The ceilings in words, for the header. */
    static String ceilings(RooflineCeiling c) {
        if (c == null) {
            return "no bandwidth ceilings: not a CUDA device";
        }
        return c.gpuName() + ": copy ceiling "
                + (c.copyGbPerSec() == null ? "not measured" : ChartStyle.formatWhole(c.copyGbPerSec()) + " GB/s")
                + ", datasheet " + (c.datasheetGbPerSec() == null ? "unknown"
                        : ChartStyle.formatWhole(c.datasheetGbPerSec()) + " GB/s");
    }

    /** Achieved GB/s per batch size, with the ceilings as horizontal lines. */
    static CategoryChart bandwidth(ThroughputResult sweep, RooflineCeiling ceiling, int width, int height) {
        List<ThroughputPoint> points = ThroughputChart.byBatchSize(sweep);
        List<Double> gbPerSec = values(points, PointRoofline::achievedGbPerSec);
        // Bars above the copy ceiling are a series of their own, in red, with a legend saying why.
        List<Double> ok = new ArrayList<>();
        List<Double> above = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            boolean exceeds = points.get(i).roofline() != null
                    && Boolean.TRUE.equals(points.get(i).roofline().exceedsCopyCeiling());
            ok.add(exceeds ? null : gbPerSec.get(i));
            above.add(exceeds ? gbPerSec.get(i) : null);
        }
        boolean anyAbove = above.stream().anyMatch(v -> v != null);
        CategoryChart chart = ChartStyle.barChart(width, height, "Achieved memory bandwidth",
                "batch size", "GB/s (bytes per step / " + basis(points) + " step time)", anyAbove);
        String pattern = pattern(gbPerSec, ceiling);
        chart.getStyler().setYAxisDecimalPattern(pattern);
        chart.getStyler().setOverlapped(true);
        chart.addSeries("achieved", labels(points), ok);
        if (anyAbove) {
            chart.addSeries("above the copy ceiling: a measurement error", labels(points), above)
                    .setFillColor(ChartStyle.PALETTE[3]);
        }
        // One label per category: the series overlap, so each bar sits in the middle.
        ChartStyle.valueLabels(chart, List.of(gbPerSec), RooflineChart::label);
        double top = chart.getStyler().getYAxisMax() == null ? 0 : chart.getStyler().getYAxisMax();
        List<double[]> lines = new ArrayList<>();
        if (ceiling != null && ceiling.copyGbPerSec() != null) {
            lines.add(new double[] {ceiling.copyGbPerSec(), 0});
        }
        if (ceiling != null && ceiling.datasheetGbPerSec() != null) {
            lines.add(new double[] {ceiling.datasheetGbPerSec(), 1});
        }
        for (double[] line : lines) {
            top = Math.max(top, line[0] * (1 + CEILING_HEADROOM));
        }
        chart.getStyler().setYAxisMax(top);
        chart.getStyler().setAnnotationLineColor(ChartStyle.MUTED_TEXT);
        chart.getStyler().setAnnotationLineStroke(new java.awt.BasicStroke(
                2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
        for (double[] line : lines) {
            String label = (line[1] == 0 ? "copy ceiling (measured) " : "datasheet peak ")
                    + ChartStyle.formatWhole(line[0]) + " GB/s";
            chart.addAnnotation(new AnnotationLine(line[0], false, false));
            // Label centred just above its line.
            chart.addAnnotation(new AnnotationText(label, points.size() / 2.0,
                    line[0] + top * 0.03, false));
        }
        notes(chart, points);
        return chart;
    }

    /**
     * Achieved TFLOP/s per batch size; GFLOP/s when every figure is below 0.1 TFLOP/s (a CPU run of a
     * small model), so the axis reads in plain numbers.
     */
    static CategoryChart flops(ThroughputResult sweep, int width, int height) {
        List<ThroughputPoint> points = ThroughputChart.byBatchSize(sweep);
        List<Double> tflops = values(points, PointRoofline::achievedTflops);
        boolean giga = tflops.stream().allMatch(v -> v == null || v < 0.1);
        List<Double> shown = giga ? tflops.stream().map(v -> v == null ? null : v * 1000).toList() : tflops;
        CategoryChart chart = ChartStyle.barChart(width, height, "Achieved compute",
                "batch size", (giga ? "GFLOP/s" : "TFLOP/s") + " (FLOPs per step / " + basis(points) + " step time)",
                false);
        String pattern = pattern(shown, null);
        chart.getStyler().setYAxisDecimalPattern(pattern);
        chart.addSeries("achieved", labels(points), shown);
        ChartStyle.valueLabels(chart, List.of(shown), RooflineChart::label);
        notes(chart, points);
        return chart;
    }

    /**
     * A number format for values up to the largest of {@code values} (and the ceilings): about
     * three significant digits, from {@code 3,350} down to {@code 0.0335}; scientific below 0.01,
     * where a CPU run of a tiny model lands.
     */
    static String pattern(List<Double> values, RooflineCeiling ceiling) {
        double max = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
        if (ceiling != null && ceiling.copyGbPerSec() != null) {
            max = Math.max(max, ceiling.copyGbPerSec());
        }
        if (ceiling != null && ceiling.datasheetGbPerSec() != null) {
            max = Math.max(max, ceiling.datasheetGbPerSec());
        }
        return max >= 100 ? "#,##0" : max >= 10 ? "#,##0.#" : max >= 1 ? "0.##" : max >= 0.01 ? "0.####" : "0.##E0";
    }

    /** A bar's value, three significant digits: {@code 3,080}, {@code 24.6}, {@code 0.0113}. */
    static String label(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return ChartStyle.formatWhole(v);
        }
        return a == 0 ? "0" : new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String basis(List<ThroughputPoint> points) {
        boolean gpu = points.stream().map(ThroughputPoint::roofline)
                .anyMatch(r -> r != null && PointRoofline.GPU.equals(r.timeBasis()));
        boolean wall = points.stream().map(ThroughputPoint::roofline)
                .anyMatch(r -> r != null && PointRoofline.WALL.equals(r.timeBasis()));
        return gpu && wall ? "GPU or wall" : gpu ? "GPU" : "wall";
    }

    private static List<String> labels(List<ThroughputPoint> points) {
        return points.stream().map(p -> Integer.toString(p.batchSize())).toList();
    }

    private static List<Double> values(List<ThroughputPoint> points,
            java.util.function.ToDoubleFunction<PointRoofline> figure) {
        List<Double> values = new ArrayList<>();
        for (ThroughputPoint p : points) {
            values.add(p.roofline() == null ? null : figure.applyAsDouble(p.roofline()));
        }
        return values;
    }

    private static void notes(CategoryChart chart, List<ThroughputPoint> points) {
        for (int i = 0; i < points.size(); i++) {
            ThroughputPoint p = points.get(i);
            if (!p.ok()) {
                ChartStyle.categoryNote(chart, i, "failed");
            } else if (p.roofline() == null) {
                ChartStyle.categoryNote(chart, i, "no decode step");
            }
        }
    }
}
