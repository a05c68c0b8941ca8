package dev.writeback.core.job;

import dev.writeback.core.Limits;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a job's values of tree DISCOVERY parameters: each is an array of non-empty strings, bounded in count and
 * length. The strings are not checked against a new run of the discovery script: that would call the third-party
 * service with the user's account on every job change and fail jobs whose tree changed since; the processing script
 * receives them as the user's choice, as Domo's does, and must treat them as input.
 */
final class TreeSelections {
    /** How many nodes one tree parameter may select. */
    static final int MAX_SELECTED = 1000;

    private TreeSelections() {
    }

    static Map<String, List<String>> validate(ConnectorVersion connector, Map<String, List<String>> given) {
        Map<String, List<String>> values = given == null ? Map.of() : given;
        Limits.count("selections", values.keySet(), Limits.PARAMETERS);
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> reported = new HashSet<>();
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            Limits.chars("A selections name", e.getKey(), Limits.NAME_CHARS);
            Optional<Parameter> p = connector.parameters().stream().filter(x -> x.name().equals(e.getKey())).findFirst();
            if (p.isEmpty() || !p.get().multiValued()) {
                problems.add(e.getKey() + (p.isEmpty() ? " is not a parameter of this connector"
                        : " is not a tree parameter: give its value as a string in parameters"));
                continue;
            }
            List<String> chosen = e.getValue() == null ? List.of() : e.getValue();
            Limits.count("The selections of " + e.getKey(), chosen, MAX_SELECTED);
            if (chosen.stream().anyMatch(s -> s == null || s.isEmpty())) {
                reported.add(e.getKey());
                problems.add(e.getKey() + " has an empty or null selection");
                continue;
            }
            chosen.forEach(s -> Limits.chars("A selection of " + e.getKey(), s, Limits.PARAMETER_VALUE_CHARS));
            if (!chosen.isEmpty()) {
                out.put(e.getKey(), List.copyOf(chosen));
            }
        }
        for (Parameter p : connector.parameters()) {
            if (p.multiValued() && p.required() && !out.containsKey(p.name()) && !reported.contains(p.name())) {
                problems.add(p.name() + " is required: choose at least one node of its tree");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid selections: " + String.join("; ", problems) + ".");
        }
        return out;
    }
}
