package io.jharness.harness.report;

import io.jharness.harness.results.RunMetadata.HarnessBuild;
import java.time.Instant;

/**
 * What a report says about its own making, passed in so that a report of the same results reads
 * the same in tests.
 *
 * @param generatedAt     when the report was made
 * @param harness         the harness build that made it
 * @param chartsAvailable whether this Java runtime can draw charts (has {@code java.desktop})
 */
public record ReportContext(Instant generatedAt, HarnessBuild harness, boolean chartsAvailable) {}
