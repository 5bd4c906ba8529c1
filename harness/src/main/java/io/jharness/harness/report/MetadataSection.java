package io.jharness.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jharness.harness.format.Json;
import io.jharness.harness.results.RunMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.nodes.Element;

/**
 * Everything {@code run.json} records to reproduce the run: the command line, every resolved
 * option, the engine and its versions, the harness build and commit, the host and the JVM.
 */
final class MetadataSection implements RunSection {

    @Override
    public String title() {
        return "Run metadata";
    }

    @Override
    public boolean appliesTo(RunResults run) {
        return run.report().metadata() != null;
    }

    @Override
    public void render(RunResults run, Element into) {
        RunMetadata m = run.report().metadata();
        into.appendElement("h4").text("Command");
        into.appendElement("pre").addClass("command").appendElement("code").text(m.command());

        Map<String, String> config = new LinkedHashMap<>();
        if (m.config() != null) {
            m.config().forEach((k, v) -> config.put(k, value(v)));
        }
        into.appendElement("h4").text("Options");
        HtmlTables.keyValues(into, null, config);

        var e = m.engine();
        Map<String, String> engine = new LinkedHashMap<>();
        engine.put("engine", e.engine());
        engine.put("model", e.model());
        engine.put("device", e.device());
        engine.put("dtype", e.dtype());
        engine.put("vocab size", Integer.toString(e.vocabSize()));
        engine.put("max batch size", Integer.toString(e.maxBatchSize()));
        engine.put("max sequence length", Integer.toString(e.maxSeqLen()));
        engine.put("clock", e.clock());
        engine.put("simulated", Boolean.toString(e.simulated()));
        // Versions come as a map without an order; sorted, the table reads the same every time.
        new TreeMap<>(e.versions()).forEach((k, v) -> engine.put("version: " + k, v));
        into.appendElement("h4").text("Engine");
        HtmlTables.keyValues(into, null, engine);

        Map<String, String> build = new LinkedHashMap<>();
        var h = m.harness();
        build.put("harness", h == null ? null : h.name() + " " + h.version());
        build.put("git commit", h == null || h.gitCommit() == null ? null
                : h.gitCommit() + (Boolean.TRUE.equals(h.gitDirty()) ? " (with uncommitted changes)" : ""));
        build.put("result schema version", Integer.toString(m.schemaVersion()));
        build.put("timer", m.timer());
        build.put("status", m.status());
        build.put("started", m.startedAt());
        build.put("finished", m.finishedAt());
        var host = m.host();
        if (host != null) {
            build.put("host", host.hostname());
            build.put("os", host.osName() + " " + host.osVersion() + " (" + host.arch() + ")");
            build.put("cpus", Integer.toString(host.cpus()));
        }
        var jvm = m.jvm();
        if (jvm != null) {
            build.put("jvm", jvm.vmName() + " " + jvm.version() + " (" + jvm.vendor() + ")");
            build.put("jvm arguments", jvm.inputArguments() == null ? null : String.join(" ", jvm.inputArguments()));
        }
        into.appendElement("h4").text("Harness, host and JVM");
        HtmlTables.keyValues(into, null, build);
    }

    /** An option's value as run.json writes it: text as is, anything else as JSON. */
    private static String value(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(v);
        } catch (JsonProcessingException ex) {
            return String.valueOf(v);
        }
    }
}
