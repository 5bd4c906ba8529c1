package io.jharness.harness.roofline;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Peak memory bandwidth of data-center GPUs as NVIDIA's datasheets state it, looked up by the
 * name the CUDA driver reports ({@code NVIDIA H100 80GB HBM3}, {@code NVIDIA A100-SXM4-80GB}, ...).
 * A GPU not in the table has no datasheet figure: the harness does not guess.
 *
 * <p>Sources (GB/s = 10^9 bytes/s):
 * <ul>
 *   <li>H100 SXM 3.35 TB/s, H100 NVL 3.9 TB/s, H100 PCIe 2.0 TB/s: NVIDIA H100 Tensor Core GPU
 *       datasheet, https://www.nvidia.com/en-us/data-center/h100/ (the PCIe figure from its
 *       product brief, https://www.nvidia.com/content/dam/en-zz/Solutions/gtcs22/data-center/h100/PB-11133-001_v01.pdf)
 *   <li>H200 SXM and H200 NVL 4.8 TB/s: NVIDIA H200 Tensor Core GPU datasheet,
 *       https://www.nvidia.com/en-us/data-center/h200/
 *   <li>A100 80GB SXM 2,039 GB/s, A100 80GB PCIe 1,935 GB/s, A100 40GB (SXM and PCIe) 1,555 GB/s:
 *       NVIDIA A100 Tensor Core GPU datasheet,
 *       https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf
 *   <li>L40S 864 GB/s: NVIDIA L40S datasheet, https://www.nvidia.com/en-us/data-center/l40s/
 * </ul>
 */
public final class DatasheetBandwidth {

    /** One row: which names it matches, the peak, and the product as the datasheet names it. */
    record Entry(String product, double gbPerSec, Predicate<String> matches) {}

    /** First match wins, so the more specific names come first. */
    static final List<Entry> TABLE = List.of(
            new Entry("H200", 4800, n -> n.contains("h200")),
            new Entry("H100 NVL", 3900, n -> n.contains("h100") && n.contains("nvl")),
            new Entry("H100 PCIe", 2000, n -> n.contains("h100") && n.contains("pcie")),
            new Entry("H100 SXM", 3350, n -> n.contains("h100") && (n.contains("hbm3") || n.contains("sxm"))),
            new Entry("A100 80GB PCIe", 1935, n -> n.contains("a100") && n.contains("80gb") && n.contains("pcie")),
            new Entry("A100 80GB SXM", 2039, n -> n.contains("a100") && n.contains("80gb")),
            new Entry("A100 40GB", 1555, n -> n.contains("a100") && n.contains("40gb")),
            new Entry("L40S", 864, n -> n.contains("l40s")));

    private DatasheetBandwidth() {}

    /** The datasheet's peak memory bandwidth of the GPU named {@code gpuName}, in GB/s, if known. */
    public static OptionalDouble gbPerSec(String gpuName) {
        if (gpuName == null) {
            return OptionalDouble.empty();
        }
        String n = gpuName.toLowerCase(Locale.ROOT);
        return TABLE.stream().filter(e -> e.matches().test(n)).mapToDouble(Entry::gbPerSec).findFirst();
    }
}
