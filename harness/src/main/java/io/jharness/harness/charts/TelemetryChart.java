package io.jharness.harness.charts;

import io.jharness.engine.nvml.ThrottleReason;
import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.TelemetryReport;
import io.jharness.harness.results.TelemetryReport.Sample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code gpu_telemetry.png}: the GPU's NVML readings through the run, in panels stacked on one
 * time axis (since the start of the run, in seconds; in minutes for a run of over
 * {@value #MINUTES_FROM} s): SM and memory clocks, with red markers where the
 * clocks were throttled for a reason other than the GPU being idle; board power, with the GPU
 * temperature on a second axis; GPU and memory utilisation; device memory in use against the
 * device's memory. A header above them names the device and driver and gives the summary: peak
 * memory, SM clock range, maximum power and temperature, and every throttle reason seen.
 *
 * <p>A metric the device does not support reads -1 (NaN for power) in every sample; its series is
 * left out, and a panel with no series at all. A long run's series are drawn from the lowest and
 * highest reading of each short stretch of time, so a run of 100,000 readings charts as fast as
 * one of a few thousand ({@link #envelope}). Each panel is an XChart chart. Their value axes
 * differ in width, so each is drawn at the width, and placed at the offset, that puts the time
 * axis of every panel at the same pixels ({@link #align}).
 */
public final class TelemetryChart implements ResultFormat {

    static final String FILE = "gpu_telemetry.png";
    static final int WIDTH = 1200;
    /** Height of each panel but the last. */
    static final int PANEL_HEIGHT = 235;
    /** Height of the last panel, which also has the time axis' title. */
    static final int LAST_PANEL_HEIGHT = PANEL_HEIGHT + 28;
    static final int HEADER_HEIGHT = 132;
    /** The throttle reason that only says the GPU had nothing to do. */
    static final long GPU_IDLE = 0x1;
    static final String THROTTLED = "throttled";
    /** Stretches of the time axis a long series is summed up in: more than the plot has pixels. */
    static final int BUCKETS = 1500;
    /** The span, in seconds, past which the time axis is in minutes. */
    static final int MINUTES_FROM = 1200;

    private static final Color SM_CLOCK = ChartStyle.PALETTE[0];
    private static final Color MEM_CLOCK = ChartStyle.PALETTE[1];
    private static final Color POWER = ChartStyle.PALETTE[2];
    private static final Color TEMPERATURE = ChartStyle.PALETTE[4];
    private static final Color GPU_UTIL = ChartStyle.PALETTE[0];
    private static final Color MEM_UTIL = ChartStyle.PALETTE[1];
    private static final Color MEM_USED = ChartStyle.PALETTE[0];
    private static final Color MEM_USED_FILL = new Color(0x3B, 0x6E, 0xA8, 0x40);
    private static final BasicStroke LINE = new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED = new BasicStroke(
            1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
    private static final int THROTTLE_MARKER_SIZE = 6;
    private static final int MIB_PER_GIB = 1024;
    /** Room above the highest reading of a panel, as a share of it. */
    private static final double HEADROOM = 1.1;
    /** The least room between the time axis' ticks, in pixels. */
    private static final int TIME_TICK_SPACING = 100;
    /** The least room between a value axis' ticks, in pixels: the panels are low. */
    private static final int VALUE_TICK_SPACING = 30;
    private static final Color INVISIBLE = new Color(0, 0, 0, 0);
    /** Passes of measuring the panels' time axes and drawing them again, at the most. */
    private static final int ALIGN_PASSES = 4;

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public boolean appliesTo(RunReport report) {
        TelemetryReport t = report.telemetry();
        return t != null && t.samples() != null && t.samples().size() >= 2 && !panels(t).isEmpty();
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        if (!appliesTo(report)) {
            throw new IllegalArgumentException("the report has no GPU telemetry timeline to chart");
        }
        if (!ImageIO.write(image(report), "png", out)) {
            throw new IOException("no PNG writer");
        }
    }

    /** The header and the panels, aligned on their time axes, on one white image. */
    static BufferedImage image(RunReport report) {
        TelemetryReport t = report.telemetry();
        List<Panel> panels = panels(t);
        TimeAxis axis = TimeAxis.of(t);
        List<Placed> placed = align(panels, axis.min(), axis.max());
        int height = HEADER_HEIGHT + (panels.size() - 1) * PANEL_HEIGHT + LAST_PANEL_HEIGHT;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            header(g, report.label(), t);
            int y = HEADER_HEIGHT;
            for (Placed p : placed) {
                g.drawImage(p.image(), p.x(), y, null);
                y += p.chart().getHeight();
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** One panel, drawn at a width; the last is taller, with the time axis' title. */
    @FunctionalInterface
    interface Panel {
        XYChart draw(int width, boolean last);
    }

    /** A panel drawn at its width, and where it goes across. */
    record Placed(XYChart chart, BufferedImage image, int x) {}

    /**
     * Draws each panel, measures where its time axis runs from {@code xMin} to {@code xMax}, and
     * draws it again narrower and further right until every panel's runs over the same pixels.
     */
    static List<Placed> align(List<Panel> panels, double xMin, double xMax) {
        int n = panels.size();
        int[] x = new int[n];
        int[] width = new int[n];
        Arrays.fill(width, WIDTH);
        List<Placed> placed = render(panels, x, width);
        for (int pass = 1; pass < ALIGN_PASSES; pass++) {
            double[] left = new double[n];
            double[] right = new double[n];
            for (int i = 0; i < n; i++) {
                XYChart c = placed.get(i).chart();
                left[i] = x[i] + c.getScreenXFromChart(xMin);
                right[i] = x[i] + c.getScreenXFromChart(xMax);
            }
            double target = Arrays.stream(left).max().orElseThrow();
            double targetRight = Arrays.stream(right).min().orElseThrow();
            boolean aligned = true;
            for (int i = 0; i < n; i++) {
                int shift = (int) Math.round(target - left[i]);
                int narrower = shift + (int) Math.round(right[i] - targetRight);
                if (shift != 0 || narrower != 0) {
                    aligned = false;
                    x[i] += shift;
                    width[i] -= narrower;
                }
            }
            if (aligned) {
                break;
            }
            placed = render(panels, x, width);
        }
        return placed;
    }

    private static List<Placed> render(List<Panel> panels, int[] x, int[] width) {
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            XYChart chart = panels.get(i).draw(width[i], i == panels.size() - 1);
            placed.add(new Placed(chart, BitmapEncoder.getBufferedImage(chart), x[i]));
        }
        return placed;
    }

    /**
     * The time axis: readings' times in its unit (seconds, or minutes past {@value #MINUTES_FROM} s),
     * and its range, from the start of the run (or an earlier reading) to the last reading.
     */
    record TimeAxis(double[] time, double min, double max, String title) {

        static TimeAxis of(TelemetryReport t) {
            double min = 0;
            double max = 0;
            for (Sample s : t.samples()) {
                min = Math.min(min, s.timeMs() / 1000);
                max = Math.max(max, s.timeMs() / 1000);
            }
            boolean minutes = max - min > MINUTES_FROM;
            double unitMs = minutes ? 60_000 : 1000;
            double[] time = t.samples().stream().mapToDouble(s -> s.timeMs() / unitMs).toArray();
            min = min * 1000 / unitMs;
            max = max > min ? max * 1000 / unitMs : min + 1;
            return new TimeAxis(time, min, max, "time since the start of the run (" + (minutes ? "min" : "s") + ")");
        }
    }

    /**
     * The panels the telemetry has readings for, top first. A series of more readings than the
     * plot has pixels for is drawn as the lowest and highest reading of each of {@value #BUCKETS}
     * stretches of time, which draws what all of them would, at a fraction of the cost.
     */
    static List<Panel> panels(TelemetryReport t) {
        if (t.samples() == null || t.samples().size() < 2) {
            return List.of();
        }
        List<Sample> samples = t.samples();
        TimeAxis axis = TimeAxis.of(t);
        XY smClock = envelope(axis, values(samples, s -> s.smClockMhz()));
        XY memClock = envelope(axis, values(samples, s -> s.memClockMhz()));
        XY power = envelope(axis, values(samples, Sample::powerWatts));
        XY temperature = envelope(axis, values(samples, s -> s.temperatureC()));
        XY gpuUtil = envelope(axis, values(samples, s -> s.gpuUtilPercent()));
        XY memUtil = envelope(axis, values(samples, s -> s.memUtilPercent()));
        boolean gib = t.memTotalMib() >= 2 * MIB_PER_GIB || t.peakMemUsedMib() >= 2 * MIB_PER_GIB;
        double memScale = gib ? MIB_PER_GIB : 1;
        XY memUsed = envelope(axis, values(samples, s -> s.memUsedMib() / memScale));
        String memUnit = gib ? "GiB" : "MiB";
        XY throttled = throttled(axis, samples, values(samples, s -> s.smClockMhz()));

        List<Panel> panels = new ArrayList<>();
        if (smClock.any() || memClock.any()) {
            panels.add((w, last) -> {
                XYChart c = panel(w, last, "clock (MHz)", axis);
                c.getStyler().setYAxisMax(max(smClock, memClock) * HEADROOM);
                c.getStyler().setYAxisDecimalPattern("#,##0");
                line(c, "SM clock", smClock, SM_CLOCK);
                line(c, "memory clock", memClock, MEM_CLOCK);
                if (throttled.any()) {
                    XYSeries s = c.addSeries(THROTTLED + " (" + throttleNames(samples) + ")", throttled.x(), throttled.y());
                    s.setLineStyle(SeriesLines.NONE);
                    s.setMarker(SeriesMarkers.CIRCLE);
                    s.setMarkerColor(ServeCharts.MISS);
                    s.setLineColor(ServeCharts.MISS);
                    c.getStyler().setMarkerSize(THROTTLE_MARKER_SIZE);
                }
                return c;
            });
        }
        if (power.any() || temperature.any()) {
            panels.add((w, last) -> {
                XYChart c = panel(w, last, power.any() ? "power (W)" : "temperature (°C)", axis);
                c.getStyler().setYAxisMax(max(power.any() ? power : temperature) * HEADROOM);
                c.getStyler().setYAxisDecimalPattern("#,##0");
                line(c, "board power", power, POWER);
                if (power.any() && temperature.any()) {
                    XYSeries s = line(c, "GPU temperature (right axis)", temperature, TEMPERATURE);
                    s.setYAxisGroup(1);
                    c.setYAxisGroupTitle(1, "temperature (°C)");
                    c.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
                    c.getStyler().setYAxisMin(1, 0.0);
                    c.getStyler().setYAxisMax(1, max(temperature) * HEADROOM);
                    c.getStyler().putYAxisGroupDecimalPatternMap(1, "0");
                } else {
                    line(c, "GPU temperature", temperature, TEMPERATURE);
                }
                return c;
            });
        }
        if (gpuUtil.any() || memUtil.any()) {
            panels.add((w, last) -> {
                XYChart c = panel(w, last, "utilisation (%)", axis);
                c.getStyler().setYAxisMax(100.0);
                c.getStyler().setYAxisDecimalPattern("0");
                line(c, "GPU (a kernel running)", gpuUtil, GPU_UTIL);
                line(c, "memory (being read or written)", memUtil, MEM_UTIL);
                return c;
            });
        }
        if (memUsed.any()) {
            panels.add((w, last) -> {
                XYChart c = panel(w, last, "memory (" + memUnit + ")", axis);
                c.getStyler().setYAxisMax(Math.max(max(memUsed), t.memTotalMib() / memScale) * HEADROOM);
                c.getStyler().setYAxisDecimalPattern(gib ? "#,##0.#" : "#,##0");
                XYSeries used = line(c, "memory used", memUsed, MEM_USED);
                used.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
                used.setFillColor(MEM_USED_FILL);
                if (t.memTotalMib() > 0) {
                    double total = t.memTotalMib() / memScale;
                    XYSeries s = c.addSeries("device memory (" + formatMemory(t.memTotalMib()) + ")",
                            new double[] {axis.min(), axis.max()}, new double[] {total, total});
                    s.setLineColor(ServeCharts.REFERENCE);
                    s.setLineStyle(DASHED);
                    s.setMarker(SeriesMarkers.NONE);
                }
                return c;
            });
        }
        return panels;
    }

    /**
     * One panel: a line chart on the shared time axis, from zero up, with its legend below; only
     * the last has the time axis' title.
     *
     * <p>Its first series is an invisible one at three uneven times: XChart puts the ticks of an
     * axis whose data are evenly spaced (readings at a steady interval) at multiples of that
     * spacing, such as every 1.7 s, or so close that their labels overlap; data that are not
     * evenly spaced get round ticks.
     */
    private static XYChart panel(int width, boolean last, String yAxisTitle, TimeAxis axis) {
        XYChart c = ChartStyle.xyChart(width, last ? LAST_PANEL_HEIGHT : PANEL_HEIGHT, "", axis.title(), yAxisTitle, true);
        var st = c.getStyler();
        st.setChartTitleVisible(false);
        st.setXAxisTitleVisible(last);
        st.setXAxisMin(axis.min());
        st.setXAxisMax(axis.max());
        st.setXAxisDecimalPattern("#,##0.##");
        st.setXAxisTickMarkSpacingHint(TIME_TICK_SPACING);
        st.setYAxisTickMarkSpacingHint(VALUE_TICK_SPACING);
        st.setYAxisMin(0.0);
        st.setChartPadding(8);
        XYSeries ticks = c.addSeries("time ticks",
                new double[] {axis.min(), axis.max(), (2 * axis.min() + axis.max()) / 3}, new double[] {0, 0, 0});
        ticks.setLineColor(INVISIBLE);
        ticks.setMarker(SeriesMarkers.NONE);
        ticks.setShowInLegend(false);
        return c;
    }

    /**
     * The panel's series: a thin line without markers, broken where a reading is missing (NaN).
     * Nothing (null) when every reading is missing.
     */
    private static XYSeries line(XYChart chart, String name, XY data, Color color) {
        if (!data.any()) {
            return null;
        }
        XYSeries s = chart.addSeries(name, data.x(), data.y());
        s.setLineColor(color);
        s.setLineStyle(LINE);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Points of a series, in time order; y may be NaN, for a gap. */
    record XY(double[] x, double[] y) {

        boolean any() {
            for (double v : y) {
                if (!Double.isNaN(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The readings {@code y} at the axis' times, or, when there are more than twice
     * {@value #BUCKETS}, the lowest and the highest reading of each {@value #BUCKETS}th of the time
     * axis, in the order they were read: the line through them covers the same pixels as the
     * line through all of them. A stretch without a reading is a gap.
     */
    static XY envelope(TimeAxis axis, double[] y) {
        double[] x = axis.time();
        if (x.length <= 2 * BUCKETS) {
            return new XY(x, y);
        }
        double[] outX = new double[2 * BUCKETS + 1];
        double[] outY = new double[2 * BUCKETS + 1];
        int n = 0;
        int i = 0;
        for (int b = 0; b < BUCKETS && i < x.length; b++) {
            double end = axis.min() + (axis.max() - axis.min()) * (b + 1) / BUCKETS;
            int lo = -1;
            int hi = -1;
            boolean any = false;
            for (; i < x.length && (x[i] < end || b == BUCKETS - 1); i++) {
                any = true;
                if (Double.isNaN(y[i])) {
                    continue;
                }
                if (lo < 0 || y[i] < y[lo]) {
                    lo = i;
                }
                if (hi < 0 || y[i] > y[hi]) {
                    hi = i;
                }
            }
            if (!any) {
                continue;
            }
            if (lo < 0) {
                outX[n] = end;
                outY[n++] = Double.NaN;
                continue;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            outX[n] = x[first];
            outY[n++] = y[first];
            if (second != first) {
                outX[n] = x[second];
                outY[n++] = y[second];
            }
        }
        return new XY(Arrays.copyOf(outX, n), Arrays.copyOf(outY, n));
    }

    /**
     * Where to mark the readings throttled for a reason other than the GPU being idle: on the SM
     * clock {@code y}, each one, or when there are more than {@value #BUCKETS}, the lowest of each
     * {@value #BUCKETS}th of the time axis that has any.
     */
    private static XY throttled(TimeAxis axis, List<Sample> samples, double[] y) {
        double[] x = axis.time();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if ((samples.get(i).throttleReasons() & ~GPU_IDLE) != 0 && !Double.isNaN(y[i])) {
                at.add(i);
            }
        }
        if (at.size() > BUCKETS) {
            List<Integer> lowest = new ArrayList<>();
            int bucket = -1;
            for (int i : at) {
                int b = (int) Math.min(BUCKETS - 1, (x[i] - axis.min()) / (axis.max() - axis.min()) * BUCKETS);
                if (b != bucket) {
                    lowest.add(i);
                    bucket = b;
                } else if (y[i] < y[lowest.getLast()]) {
                    lowest.set(lowest.size() - 1, i);
                }
            }
            at = lowest;
        }
        return new XY(at.stream().mapToDouble(i -> x[i]).toArray(), at.stream().mapToDouble(i -> y[i]).toArray());
    }

    /** The throttle reasons other than gpu_idle that any reading had, e.g. {@code sw_power_cap}. */
    private static String throttleNames(List<Sample> samples) {
        long reasons = 0;
        for (Sample s : samples) {
            reasons |= s.throttleReasons() & ~GPU_IDLE;
        }
        return String.join(", ", ThrottleReason.names(reasons));
    }

    /** Readings of one metric, a missing one (negative: not supported; or NaN) as NaN. */
    private static double[] values(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        double[] v = new double[samples.size()];
        for (int i = 0; i < v.length; i++) {
            double x = metric.applyAsDouble(samples.get(i));
            v[i] = x >= 0 ? x : Double.NaN;
        }
        return v;
    }

    /** The highest reading of any of the series; 1 when there is none. */
    private static double max(XY... series) {
        double max = Double.NaN;
        for (XY xy : series) {
            for (double v : xy.y()) {
                if (!Double.isNaN(v) && !(v <= max)) {
                    max = v;
                }
            }
        }
        return Double.isNaN(max) || max <= 0 ? 1 : max;
    }

    private static void header(Graphics2D g, String label, TelemetryReport t) {
        g.setColor(OverviewChart.HEADER_BACKGROUND);
        g.fillRect(0, 0, WIDTH, HEADER_HEIGHT);
        g.setColor(ChartStyle.BORDER);
        g.drawLine(0, HEADER_HEIGHT - 1, WIDTH, HEADER_HEIGHT - 1);
        g.setColor(ChartStyle.TEXT);
        g.setFont(OverviewChart.HEADER_TITLE_FONT);
        int baseline = 14 + g.getFontMetrics().getAscent();
        g.drawString("GPU telemetry", 24, baseline);
        g.setFont(OverviewChart.HEADER_LABEL_FONT);
        FontMetrics m = g.getFontMetrics();
        int step = m.getHeight() + 2;
        baseline += 8 + m.getAscent();
        g.setColor(ChartStyle.MUTED_TEXT);
        g.drawString(label, 24, baseline);
        g.setColor(ChartStyle.TEXT);
        for (String line : headerLines(t)) {
            baseline += step;
            g.drawString(line, 24, baseline);
        }
    }

    /** The summary under the label: the device, the figures, the throttle reasons. */
    static List<String> headerLines(TelemetryReport t) {
        String device = (t.device() != null ? t.device() : "GPU")
                + (t.driver() != null ? ", driver " + t.driver() : "")
                + " · a reading every " + ChartStyle.formatWhole(t.intervalMs()) + " ms, "
                + ChartStyle.formatWhole(t.readings()) + " in all";
        int kept = t.samples() == null ? 0 : t.samples().size();
        if (t.readings() > kept) {
            device += " (the first " + ChartStyle.formatWhole(kept) + " charted)";
        }
        List<String> figures = new ArrayList<>();
        if (t.peakMemUsedMib() > 0) {
            figures.add("peak memory " + formatMemory(t.peakMemUsedMib())
                    + (t.memTotalMib() > 0 ? " of " + formatMemory(t.memTotalMib()) : ""));
        }
        if (t.minSmClockMhz() >= 0 && t.maxSmClockMhz() >= 0) {
            figures.add("SM clock " + ChartStyle.formatWhole(t.minSmClockMhz()) + "–"
                    + ChartStyle.formatWhole(t.maxSmClockMhz()) + " MHz");
        }
        if (!Double.isNaN(t.maxPowerWatts()) && t.maxPowerWatts() >= 0) {
            figures.add("max power " + ChartStyle.decimal("#,##0.#").format(t.maxPowerWatts()) + " W");
        }
        if (t.maxTemperatureC() >= 0) {
            figures.add("max temperature " + t.maxTemperatureC() + " °C");
        }
        List<String> reasons = t.throttleReasons() == null ? List.of() : t.throttleReasons();
        String throttle = "throttle reasons seen: " + (reasons.isEmpty() ? "none" : String.join(", ", reasons));
        return List.of(device, String.join(" · ", figures), throttle);
    }

    /** MiB as GiB with one decimal from 2 GiB up ({@code 79.6 GiB}), else as MiB ({@code 1,536 MiB}). */
    static String formatMemory(long mib) {
        if (mib >= 2 * MIB_PER_GIB) {
            return ChartStyle.decimal("#,##0.0").format(mib / (double) MIB_PER_GIB) + " GiB";
        }
        return ChartStyle.formatWhole(mib) + " MiB";
    }
}
