package dev.writeback.core.connector;

import java.util.List;

/**
 * A parameter users set on a job, read by scripts as {@code metadata.parameters[name]}.
 *
 * @param options the allowed values of a DROPDOWN parameter
 */
public record Parameter(String name, Type type, String helpText, boolean required, List<String> options) {
    public Parameter {
        type = type == null ? Type.STRING : type;
        options = options == null ? List.of() : List.copyOf(options);
    }

    public enum Type {
        STRING, INTEGER, DROPDOWN, DATE
    }
}
