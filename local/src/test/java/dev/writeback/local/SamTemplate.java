package dev.writeback.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A function of {@code template.yaml} as Lambda would be configured from it: its properties with the
 * {@code Globals} applied, and its environment with each value either a literal or an intrinsic
 * function ({@code !Ref}, {@code !Sub}, {@code !GetAtt}, {@code !If}, …) that only CloudFormation resolves.
 */
final class SamTemplate {
    private final MappingNode root;

    /** An environment variable's value: {@code tag} is null for a literal, else the intrinsic's tag. */
    record Value(String tag, String text) {
        boolean literal() {
            return tag == null;
        }
    }

    private SamTemplate(MappingNode root) {
        this.root = root;
    }

    static SamTemplate read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new SamTemplate((MappingNode) new Yaml(new LoaderOptions()).compose(reader));
        }
    }

    /** A property of the function, or of {@code Globals.Function} when the function does not set it. */
    Optional<String> property(String function, String name) {
        Optional<Node> own = child(functionProperties(function), name);
        Node node = own.orElseGet(() -> child(globals(), name).orElse(null));
        return node instanceof ScalarNode scalar ? Optional.of(scalar.getValue()) : Optional.empty();
    }

    /** The scalar settings of the function's {@code LoggingConfig} (or the global one), e.g. LogFormat. */
    Map<String, String> loggingConfig(String function) {
        Map<String, String> config = new LinkedHashMap<>();
        for (MappingNode scope : List.of(globals(), functionProperties(function))) {
            child(scope, "LoggingConfig").ifPresent(c -> {
                for (NodeTuple t : ((MappingNode) c).getValue()) {
                    if (t.getValueNode() instanceof ScalarNode v) {
                        config.put(((ScalarNode) t.getKeyNode()).getValue(), v.getValue());
                    }
                }
            });
        }
        return config;
    }

    /** The function's environment: {@code Globals} first, then the function's own variables over them. */
    Map<String, Value> environment(String function) {
        Map<String, Value> env = new LinkedHashMap<>();
        for (MappingNode scope : List.of(globals(), functionProperties(function))) {
            child(scope, "Environment").flatMap(e -> child(e, "Variables")).ifPresent(vars -> {
                for (NodeTuple t : ((MappingNode) vars).getValue()) {
                    env.put(((ScalarNode) t.getKeyNode()).getValue(), value(t.getValueNode()));
                }
            });
        }
        return env;
    }

    private static Value value(Node node) {
        String tag = node.getTag().getValue();
        boolean intrinsic = tag.startsWith("!");
        String text = node instanceof ScalarNode scalar ? scalar.getValue() : node.toString();
        return new Value(intrinsic ? tag : null, text);
    }

    private MappingNode globals() {
        return child(root, "Globals").flatMap(g -> child(g, "Function")).map(MappingNode.class::cast)
                .orElseGet(() -> new MappingNode(root.getTag(), List.of(), root.getFlowStyle()));
    }

    private MappingNode functionProperties(String function) {
        return child(root, "Resources").flatMap(r -> child(r, function)).flatMap(f -> child(f, "Properties"))
                .map(MappingNode.class::cast)
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + function));
    }

    private static Optional<Node> child(Node parent, String key) {
        if (!(parent instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        return mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
                .map(NodeTuple::getValueNode).findFirst();
    }
}
