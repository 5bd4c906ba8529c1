package io.jharness.harness.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The schedulers on the class path, found with {@link ServiceLoader} through {@link SchedulerProvider}. */
public final class Schedulers {

    private Schedulers() {}

    /** The registered providers, by name. */
    public static List<SchedulerProvider> providers() {
        List<SchedulerProvider> found = new ArrayList<>();
        ServiceLoader.load(SchedulerProvider.class).forEach(found::add);
        found.sort(Comparator.comparing(SchedulerProvider::name));
        return List.copyOf(found);
    }

    /** The names a user may pass to {@code --scheduler}, sorted. */
    public static List<String> names() {
        return providers().stream().map(SchedulerProvider::name).toList();
    }

    /**
     * Creates the scheduler called {@code name}.
     *
     * @param options its options; null means none
     * @throws IllegalArgumentException for an unknown name, an unknown option or a bad value
     */
    public static Scheduler create(String name, Map<String, String> options) {
        List<SchedulerProvider> providers = providers();
        for (SchedulerProvider p : providers) {
            if (p.name().equals(name)) {
                return p.create(options == null ? Map.of() : options);
            }
        }
        throw new IllegalArgumentException("unknown scheduler '" + name + "'; available: "
                + String.join(", ", providers.stream().map(SchedulerProvider::name).toList()));
    }
}
