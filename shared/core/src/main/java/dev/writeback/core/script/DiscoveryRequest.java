package dev.writeback.core.script;

/**
 * What a discovery script is asked for: {@code metadata.discovery} is {@code {parameter, mode}}, and
 * {@code metadata.parameters} holds the values of the job's other parameters filled so far.
 *
 * @param parameter the name of the parameter whose choices are listed
 * @param tree true when the parameter takes several nodes of a tree ({@code discovery.tree}), false for a
 *             single choice among options ({@code discovery.addOption})
 */
public record DiscoveryRequest(String parameter, boolean tree) {
}
