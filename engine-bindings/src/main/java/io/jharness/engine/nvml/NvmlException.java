package io.jharness.engine.nvml;

/**
 * An NVML call returned something other than {@code NVML_SUCCESS}. The message names the call,
 * the {@code nvmlReturn_t} constant and NVML's own text for it (from {@code nvmlErrorString}), e.g.
 * {@code nvmlDeviceGetHandleByIndex_v2 failed: NVML_ERROR_INVALID_ARGUMENT (2): Invalid Argument}.
 */
public final class NvmlException extends RuntimeException {

    private final String function;
    private final int code;

    NvmlException(String function, int code, String errorString) {
        super(function + " failed: " + codeName(code) + " (" + code + ")"
                + (errorString == null || errorString.isBlank() ? "" : ": " + errorString));
        this.function = function;
        this.code = code;
    }

    /** The NVML function that failed. */
    public String function() {
        return function;
    }

    /** The {@code nvmlReturn_t} it returned. */
    public int code() {
        return code;
    }

    /** The name of an {@code nvmlReturn_t} value, as nvml.h spells it. */
    public static String codeName(int code) {
        return switch (code) {
            case 0 -> "NVML_SUCCESS";
            case 1 -> "NVML_ERROR_UNINITIALIZED";
            case 2 -> "NVML_ERROR_INVALID_ARGUMENT";
            case 3 -> "NVML_ERROR_NOT_SUPPORTED";
            case 4 -> "NVML_ERROR_NO_PERMISSION";
            case 5 -> "NVML_ERROR_ALREADY_INITIALIZED";
            case 6 -> "NVML_ERROR_NOT_FOUND";
            case 7 -> "NVML_ERROR_INSUFFICIENT_SIZE";
            case 8 -> "NVML_ERROR_INSUFFICIENT_POWER";
            case 9 -> "NVML_ERROR_DRIVER_NOT_LOADED";
            case 10 -> "NVML_ERROR_TIMEOUT";
            case 11 -> "NVML_ERROR_IRQ_ISSUE";
            case 12 -> "NVML_ERROR_LIBRARY_NOT_FOUND";
            case 13 -> "NVML_ERROR_FUNCTION_NOT_FOUND";
            case 14 -> "NVML_ERROR_CORRUPTED_INFOROM";
            case 15 -> "NVML_ERROR_GPU_IS_LOST";
            case 16 -> "NVML_ERROR_RESET_REQUIRED";
            case 17 -> "NVML_ERROR_OPERATING_SYSTEM";
            case 18 -> "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
            case 19 -> "NVML_ERROR_IN_USE";
            case 20 -> "NVML_ERROR_MEMORY";
            case 21 -> "NVML_ERROR_NO_DATA";
            case 22 -> "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED";
            case 23 -> "NVML_ERROR_INSUFFICIENT_RESOURCES";
            case 24 -> "NVML_ERROR_FREQ_NOT_SUPPORTED";
            case 25 -> "NVML_ERROR_ARGUMENT_VERSION_MISMATCH";
            case 26 -> "NVML_ERROR_DEPRECATED";
            case 27 -> "NVML_ERROR_NOT_READY";
            case 28 -> "NVML_ERROR_GPU_NOT_FOUND";
            case 29 -> "NVML_ERROR_INVALID_STATE";
            case 999 -> "NVML_ERROR_UNKNOWN";
            default -> "nvmlReturn_t " + code;
        };
    }
}
