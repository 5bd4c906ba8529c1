package io.jharness.harness.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Whole numbers >= 1, with a message that says so. */
final class PositiveIntConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not allowed; give a whole number >= 1");
        }
        if (v < 1) {
            throw new TypeConversionException("'" + value + "' is not allowed; give a whole number >= 1");
        }
        return v;
    }
}
