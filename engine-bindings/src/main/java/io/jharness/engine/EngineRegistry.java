package io.jharness.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The engines on the class path, found with {@link ServiceLoader}, and the rule for
 * {@code --engine auto}: the first available GPU engine (engines that load a model only when
 * {@code --model} is given); else, with {@code --model}, the first engine that loads models (on
 * the CPU); otherwise the mock engine.
 */
public final class EngineRegistry {

    /** The name that asks for the best engine this machine can run. */
    public static final String AUTO = "auto";

    /** The engine {@code auto} falls back to. */
    public static final String FALLBACK = "mock";

    private final List<EngineProvider> providers;

    public EngineRegistry(List<EngineProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The engines registered on the class path. */
    public static EngineRegistry load() {
        List<EngineProvider> found = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class).forEach(found::add);
        return new EngineRegistry(found);
    }

    public List<EngineProvider> providers() {
        return providers;
    }

    public Optional<EngineProvider> find(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Names a user may pass to {@code --engine}, {@code auto} first. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(AUTO);
        providers.forEach(p -> names.add(p.name()));
        return names;
    }

    /**
     * Resolves a name given to {@code --engine}.
     *
     * @param modelGiven whether the user named a model; {@code auto} picks engines that need
     *                   one only then
     * @throws EngineConfigException for a name no provider has
     */
    public Selection select(String name, boolean modelGiven) {
        if (!AUTO.equals(name)) {
            EngineProvider provider = find(name).orElseThrow(() -> new EngineConfigException(
                    "unknown engine '" + name + "'; available: " + String.join(", ", names())));
            return new Selection(provider, null);
        }
        for (EngineProvider p : providers) {
            if (p.usesGpu() && (modelGiven || !p.needsModel()) && p.availability().available()) {
                return new Selection(p, "auto: using the '" + p.name() + "' engine ("
                        + p.availability().reason() + ")");
            }
        }
        if (modelGiven) {
            for (EngineProvider p : providers) {
                if (p.needsModel()) {
                    return new Selection(p, "auto: no GPU engine is usable here (" + p.availability().reason()
                            + "); running the '" + p.name() + "' engine on the CPU for --model");
                }
            }
        }
        EngineProvider fallback = find(FALLBACK).orElseThrow(() -> new EngineConfigException(
                "no GPU engine is available and the '" + FALLBACK + "' engine is not on the class path"));
        String why = providers.stream()
                .filter(EngineProvider::usesGpu)
                .map(p -> p.name() + ": " + (p.needsModel() && !modelGiven && p.availability().available()
                        ? "needs --model" : p.availability().reason()))
                .collect(Collectors.joining("; "));
        return new Selection(fallback, "no GPU engine available" + (why.isEmpty() ? "" : " (" + why + ")")
                + "; using the mock engine: simulated latencies, not measurements of a model");
    }

    /**
     * The provider an {@code --engine} name resolved to.
     *
     * @param provider the engine to create
     * @param note     a line for the user when {@code auto} chose it, else null
     */
    public record Selection(EngineProvider provider, String note) {}
}
