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

    /**
     * @param slo           the bounds searched against
     * @param rate          the highest rate that met them; null when even the lowest probe failed
     * @param firstFailing  the lowest probed rate that missed them; null when none did
     * @param probes        rates tried
     */
    public record MaxRate(String slo, Double rate, Double firstFailing, int probes) {}
}
