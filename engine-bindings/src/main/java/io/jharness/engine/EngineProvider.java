package io.jharness.engine;

/**
 * Creates engines of one kind. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/io.jharness.engine.EngineProvider}) and selected by
 * {@link #name()} with {@code --engine NAME}.
 */
public interface EngineProvider {

    /** The name users select this engine by. */
    String name();

    /** One line for {@code harness engines}. */
    String description();

    /** Whether this engine runs its steps on a GPU. {@code --engine auto} prefers those. */
    boolean usesGpu();

    /** Whether this engine needs {@code --model}; {@code --engine auto} skips it when none is given. */
    default boolean needsModel() {
        return false;
    }

    /** Whether this engine can run on this machine, and why not when it cannot. */
    Availability availability();

    /**
     * Loads an engine.
     *
     * @throws EngineConfigException for options, devices or models the user got wrong
     * @throws EngineException       when loading fails for another reason
     */
    Engine create(EngineSpec spec);

    /** Whether an engine can run here; {@code reason} says why not, or what it will use. */
    record Availability(boolean available, String reason) {
        public static Availability yes(String reason) {
            return new Availability(true, reason);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
