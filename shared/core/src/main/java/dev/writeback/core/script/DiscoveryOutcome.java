package dev.writeback.core.script;

import java.util.List;

/**
 * How a discovery script ended.
 *
 * @param options the options added with {@code discovery.addOption}, in order
 * @param tree the tree under {@code discovery.tree} if the script called {@code discovery.publishTree()}, else null
 * @param error the script error if the script did not run to the end, else null
 * @param log lines written with {@code DOMO.log}, secrets redacted
 */
public record DiscoveryOutcome(List<Option> options, Node tree, ScriptError error, List<String> log) {
    public DiscoveryOutcome {
        options = List.copyOf(options);
        log = List.copyOf(log);
    }

    /** A dropdown choice: {@code name} is shown to the user, {@code value} is what the job stores. */
    public record Option(String name, String value) {
    }

    /**
     * A node of the tree; the root has no name. A job selects nodes by name.
     *
     * @param leaf true for nodes added with {@code discovery.addLeaf}
     */
    public record Node(String name, boolean leaf, List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }
    }
}
