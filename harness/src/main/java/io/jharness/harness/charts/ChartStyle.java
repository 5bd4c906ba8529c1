package io.jharness.harness.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;

/**
 * The look shared by every chart: fonts, colours, number formats, and the XChart pieces that put
 * a subtitle under the title and a value above each bar.
 */
final class ChartStyle {

    /** Size of a chart written on its own. */
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /** Size of one panel of the overview. */
    static final int PANEL_WIDTH = 800;
    static final int PANEL_HEIGHT = 500;

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 19);
    static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color MUTED_TEXT = new Color(0x44, 0x44, 0x44);
    static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    static final Color BORDER = new Color(0xBB, 0xBB, 0xBB);

    /** Series colours, in order: blue, orange, green, red, purple. */
    static final Color[] PALETTE = {
        new Color(0x3B, 0x6E, 0xA8),
        new Color(0xE0, 0x84, 0x3A),
        new Color(0x4C, 0x9A, 0x5A),
        new Color(0xC4, 0x4E, 0x52),
        new Color(0x81, 0x72, 0xB3),
    };

    private static final int CHART_PADDING = 12;
    /** Room above and below the title; the subtitle sits in the room below. */
    private static final int TITLE_PADDING_WITH_SUBTITLE = 26;
    private static final int TITLE_PADDING = 10;
    /** Headroom above the tallest bar for its value label, as a share of the tallest value. */
    private static final double LABEL_HEADROOM = 0.12;
    /** Gap between a bar's top and the middle of its value label, as a share of the y range. */
    private static final double LABEL_GAP = 0.03;
    /** The share of a chart's width its plot gets, at the least, beside the value axis. */
    private static final double PLOT_WIDTH_SHARE = 0.85;
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private ChartStyle() {}

    /**
     * A bar chart with the shared look: white background, light horizontal grid lines, no vertical
     * ones, value axis from zero, a legend only when {@code legend} is true (below the plot).
     */
    static CategoryChart barChart(
            int width, int height, String title, String xAxisTitle, String yAxisTitle, boolean legend) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xAxisTitle)
                .yAxisTitle(yAxisTitle)
                .build();
        CategoryStyler s = chart.getStyler();
        axes(s, legend);
        s.setPlotGridVerticalLinesVisible(false);
        s.setAvailableSpaceFill(legend ? 0.8 : 0.6);
        s.setOverlapped(false);
        s.setLabelsVisible(false);
        s.setYAxisMin(0.0);
        return chart;
    }

    /**
     * A line chart with the shared look of {@link #barChart}, with light grid lines both ways,
     * lines with markers, and a legend only when {@code legend} is true (below the plot). The axes'
     * ranges are left to the caller.
     */
    static XYChart xyChart(
            int width, int height, String title, String xAxisTitle, String yAxisTitle, boolean legend) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xAxisTitle)
                .yAxisTitle(yAxisTitle)
                .build();
        XYStyler s = chart.getStyler();
        axes(s, legend);
        s.setPlotGridVerticalLinesVisible(true);
        s.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarkerSize(8);
        s.setCursorEnabled(false);
        s.setZoomEnabled(false);
        s.setLegendSeriesLineLength(28);
        return chart;
    }

    /** What bar and line charts share: fonts, colours, grid, legend and annotation text. */
    private static void axes(AxesChartStyler s, boolean legend) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(TEXT);
        s.setChartPadding(CHART_PADDING);
        s.setChartTitleFont(TITLE_FONT);
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(TITLE_PADDING);
        s.setAxisTitleFont(AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setAxisTickLabelsColor(TEXT);
        s.setAxisTitlePadding(8);
        s.setAxisTicksLineVisible(false);
        s.setAxisTicksMarksVisible(false);
        s.setPlotContentSize(0.97);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(BORDER);
        s.setPlotGridHorizontalLinesVisible(true);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setSeriesColors(PALETTE);
        s.setToolTipsEnabled(false);
        s.setLocale(Locale.US);
        s.setLegendVisible(legend);
        s.setLegendFont(LEGEND_FONT);
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setAnnotationTextFont(SUBTITLE_FONT);
        s.setAnnotationTextFontColor(MUTED_TEXT);
    }

    /**
     * Puts {@code text} centred on a second line under the chart's title, as an XChart text
     * annotation in the room the title's padding leaves.
     */
    static void subtitle(Chart<?, ?> chart, String text) {
        chart.getStyler().setChartTitlePadding(TITLE_PADDING_WITH_SUBTITLE);
        double titleHeight = textHeight(chart.getTitle(), TITLE_FONT);
        // Annotation y is measured up from the bottom of the chart, to the middle of the text.
        double fromTop = CHART_PADDING + TITLE_PADDING_WITH_SUBTITLE + titleHeight
                + TITLE_PADDING_WITH_SUBTITLE / 2.0 + 1;
        chart.addAnnotation(new AnnotationText(text, chart.getWidth() / 2.0, chart.getHeight() - fromTop, true));
    }

    /**
     * Writes each value above its bar. {@code values} has one list per series in the order the
     * series were added, each with one entry per category (null: no bar, nothing written). Sets the
     * value axis' top so that the labels fit.
     */
    static void valueLabels(CategoryChart chart, List<List<Double>> values, DoubleFunction<String> format) {
        double max = values.stream()
                .flatMap(List::stream)
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        if (!(max > 0)) {
            // Nothing to label; keep zero at the bottom rather than mid-height.
            chart.getStyler().setYAxisMax(1.0);
            return;
        }
        double top = max * (1 + LABEL_HEADROOM);
        chart.getStyler().setYAxisMax(top);
        double fill = chart.getStyler().getAvailableSpaceFill();
        int seriesCount = values.size();
        if (!labelsFit(chart, values, format)) {
            // Too many bars for their values to be read side by side: the axis alone must do.
            return;
        }
        for (int s = 0; s < seriesCount; s++) {
            List<Double> series = values.get(s);
            for (int c = 0; c < series.size(); c++) {
                // On a category axis, category c spans [c, c + 1]; its bars share the filled middle.
                double x = c + (1 - fill) / 2 + (s + 0.5) * fill / seriesCount;
                Double v = series.get(c);
                if (v != null) {
                    chart.addAnnotation(new AnnotationText(format.apply(v), x, v + top * LABEL_GAP, false));
                }
            }
        }
    }

    /**
     * Whether the widest value label fits between its neighbours' with a little room, judged
     * against the width the plot is likely to get.
     */
    private static boolean labelsFit(CategoryChart chart, List<List<Double>> values, DoubleFunction<String> format) {
        int categories = values.stream().mapToInt(List::size).max().orElse(0);
        if (categories == 0) {
            return false;
        }
        double categoryWidth = chart.getWidth() * PLOT_WIDTH_SHARE / categories;
        int seriesCount = values.size();
        // Labels of neighbouring bars are a category apart, or a bar apart within a group.
        double slot = seriesCount == 1
                ? categoryWidth
                : categoryWidth * chart.getStyler().getAvailableSpaceFill() / seriesCount;
        double widest = values.stream()
                .flatMap(List::stream)
                .filter(v -> v != null)
                .mapToDouble(v -> textWidth(format.apply(v), SUBTITLE_FONT))
                .max()
                .orElse(0);
        return widest + 6 <= slot;
    }

    /**
     * Writes {@code note} just above the axis in the middle of category {@code category}, where its
     * bars would be. Call after {@link #valueLabels}, which sets the value axis' range.
     */
    static void categoryNote(CategoryChart chart, int category, String note) {
        Double top = chart.getStyler().getYAxisMax();
        double y = top == null ? 0 : top * LABEL_GAP;
        chart.addAnnotation(new AnnotationText(note, category + 0.5, y, false));
    }

    /** Throughput-sized numbers: whole, with thousands separators ({@code 12,345}). */
    static String formatWhole(double value) {
        return decimal("#,##0").format(value);
    }

    /**
     * Milliseconds with about three significant digits: {@code 1,234}, {@code 215.3},
     * {@code 4.12}, {@code 0.153}.
     */
    static String formatMs(double value) {
        double a = Math.abs(value);
        String pattern = a >= 1000 ? "#,##0" : a >= 100 ? "0.0" : a >= 1 ? "0.00" : "0.000";
        return decimal(pattern).format(value);
    }

    /** Encodes the chart as a PNG onto {@code out}, leaving it open. */
    static void writePng(Chart<?, ?> chart, OutputStream out) throws IOException {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }

    static DecimalFormat decimal(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.US));
    }

    static double textWidth(String text, Font font) {
        return text.isEmpty() ? 0 : new TextLayout(text, font, FRC).getAdvance();
    }

    static double textHeight(String text, Font font) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return new TextLayout(text, font, FRC).getBounds().getHeight();
    }
}
