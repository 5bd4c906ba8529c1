package io.jharness.harness.check;

import java.util.List;

/**
 * Every target of a targets file against one results directory ({@code check.json}).
 *
 * @param targetsFile the targets file, as given
 * @param met         targets met
 * @param total       targets checked
 * @param passed      whether every target was met
 * @param checks      each target, in the file's order
 */
public record CheckReport(String targetsFile, int met, int total, boolean passed, List<TargetCheck> checks) {

    public static final String FILE = "check.json";

    public CheckReport {
        checks = List.copyOf(checks);
    }

    public static CheckReport of(String targetsFile, List<TargetCheck> checks) {
        int met = (int) checks.stream().filter(TargetCheck::met).count();
        return new CheckReport(targetsFile, met, checks.size(), met == checks.size(), checks);
    }
}
