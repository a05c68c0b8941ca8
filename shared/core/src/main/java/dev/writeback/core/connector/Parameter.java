package dev.writeback.core.connector;

import java.util.List;

/**
 * A parameter users set on a job, read by scripts as {@code metadata.parameters[name]}.
 *
 * @param options the allowed values of a DROPDOWN parameter
 * @param discovery how a DISCOVERY parameter offers its choices (the connector's discovery script lists them
 *                  with the user's account): one value from a list, or several nodes of a tree; null for other types
 */
public record Parameter(String name, Type type, String helpText, boolean required, List<String> options,
                        DiscoveryMode discovery) {
    public Parameter {
        type = type == null ? Type.STRING : type;
        options = options == null ? List.of() : List.copyOf(options);
        discovery = type == Type.DISCOVERY && discovery == null ? DiscoveryMode.DROPDOWN : discovery;
    }

    /** A parameter that is not discovered. */
    public Parameter(String name, Type type, String helpText, boolean required, List<String> options) {
        this(name, type, helpText, required, options, null);
    }

    /** Whether a job gives this parameter an array of strings (tree selections) rather than one string. */
    public boolean multiValued() {
        return type == Type.DISCOVERY && discovery == DiscoveryMode.TREE;
    }

    /** STRING and TEXT are free text (TEXT is Domo's name for it), DISCOVERY is filled from the discovery script. */
    public enum Type {
        STRING, TEXT, INTEGER, DROPDOWN, DATE, DISCOVERY
    }

    /** DROPDOWN: a single choice among {@code discovery.addOption}s; TREE: any nodes of {@code discovery.tree}. */
    public enum DiscoveryMode {
        DROPDOWN, TREE
    }
}
