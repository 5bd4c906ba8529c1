package io.jharness.engine.cuda;

/**
 * The bookkeeping of {@link CudaEventStepTimer}, apart from the driver: which of a ring of events a
 * step records into, and which two events its span runs between.
 *
 * <p>A step that begins on the same stream within {@code chainGapNanos} of the previous step's end
 * starts at that step's end event and records only its own end; any other step records a start
 * event too. Events are handed out in ring order, so an event is recorded again only after
 * {@code marks} newer ones; with at most two events a step, a step's events stay untouched while
 * {@code marks / 2} steps (it included) may still be read (see {@link #marksFor(int)}).
 */
final class SpanRing {

    private final int marks;
    private final long chainGapNanos;
    private final int[] startMark;
    private final int[] endMark;
    private int nextMark;
    private int lastEndMark = -1;
    private Object lastStream;
    private long lastHostEnd;
    private long stepStart;

    /**
     * @param slots         steps whose events must stay readable: the current one and those in flight
     * @param marks         events in the ring; at least {@link #marksFor(int) marksFor(slots)}
     * @param chainGapNanos the longest host pause between two steps that still chains them
     */
    SpanRing(int slots, int marks, long chainGapNanos) {
        if (marks < marksFor(slots)) {
            throw new IllegalArgumentException(marks + " events cannot keep " + slots + " steps readable");
        }
        this.marks = marks;
        this.chainGapNanos = chainGapNanos;
        this.startMark = new int[slots];
        this.endMark = new int[slots];
    }

    /**
     * Events that keep {@code slots} steps readable: each step takes at most two, and a step that
     * starts at the end event of the step before it takes one, so the events the oldest readable
     * step spans are among the last {@code 2 * slots} handed out.
     */
    static int marksFor(int slots) {
        return 2 * slots;
    }

    /**
     * A step begins in {@code slot} on {@code stream} at host time {@code now}.
     *
     * @return the event to record its start into, or -1 when it starts at the previous step's end
     */
    int begin(int slot, Object stream, long now) {
        if (lastEndMark >= 0 && stream == lastStream && now - lastHostEnd <= chainGapNanos) {
            startMark[slot] = lastEndMark;
            stepStart = lastHostEnd;
            return -1;
        }
        startMark[slot] = take();
        stepStart = now;
        return startMark[slot];
    }

    /** The event to record the end of the step in {@code slot} into. */
    int endEvent(int slot) {
        endMark[slot] = take();
        return endMark[slot];
    }

    /** The step in {@code slot}, on {@code stream}, ended at host time {@code hostEnd}. */
    void ended(int slot, Object stream, long hostEnd) {
        lastEndMark = endMark[slot];
        lastStream = stream;
        lastHostEnd = hostEnd;
    }

    /** When the current step's span began on the host: its begin, or the previous step's end. */
    long stepStart() {
        return stepStart;
    }

    int startMark(int slot) {
        return startMark[slot];
    }

    int endMark(int slot) {
        return endMark[slot];
    }

    private int take() {
        int m = nextMark;
        nextMark = (m + 1) % marks;
        return m;
    }
}
