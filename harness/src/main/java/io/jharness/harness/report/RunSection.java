package io.jharness.harness.report;

import org.jsoup.nodes.Element;

/** One kind of content in a results directory's part of the report, under its own heading. */
interface RunSection {

    /** The heading, e.g. {@code Charts}. */
    String title();

    /** Whether the results have anything for this section. */
    boolean appliesTo(RunResults run);

    /** Appends the section's content (not its heading) to {@code into}. */
    void render(RunResults run, Element into);
}
