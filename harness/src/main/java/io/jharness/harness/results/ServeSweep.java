package io.jharness.harness.results;

import java.util.List;

/**
 * An online-load sweep: every point run, in order, and the outcome of a max-rate search.
 *
 * @param points  every point, search probes included
 * @param maxRate the highest rate found to meet the SLO at p99, or null without a search
 */
public record ServeSweep(List<ServePoint> points, MaxRate maxRate) {

    public ServeSweep {
        points = List.copyOf(points);
    }

    /** The point a timeline chart shows: the last one that met the SLO, else the middle ok point, else null. */
    public ServePoint timelinePoint() {
        List<ServePoint> ok = points.stream().filter(ServePoint::ok).toList();
        if (ok.isEmpty()) {
            return null;
        }
        ServePoint chosen = ok.get((ok.size() - 1) / 2);
        for (ServePoint p : ok) {
            if (Boolean.TRUE.equals(p.meetsSlo())) {
                chosen = p;
            }
        }
        return chosen;
    }

    /**
     * @param slo           the bounds searched against
     * @param rate          the highest rate that met them; null when even the lowest probe failed
     * @param firstFailing  the lowest probed rate that missed them; null when none did
     * @param probes        rates tried
     */
    public record MaxRate(String slo, Double rate, Double firstFailing, int probes) {}
}
