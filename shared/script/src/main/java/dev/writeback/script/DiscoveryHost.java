package dev.writeback.script;

import dev.writeback.core.Limits;
import dev.writeback.core.script.DiscoveryOutcome;
import dev.writeback.core.script.DiscoveryRequest;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;

/**
 * The Java half of {@code discovery}: the options and tree nodes a discovery script adds. Nodes are numbered (the
 * root, {@code discovery.tree}, is 0); the JavaScript glue maps its node objects to these numbers, so a script
 * cannot name a node it was not given. Outside a discovery run every member fails with {@code SANDBOX}.
 */
public final class DiscoveryHost {
    /** Options one discovery run may add. */
    static final int MAX_OPTIONS = 10_000;
    /** Tree nodes (and leaves) one discovery run may add. */
    static final int MAX_NODES = 10_000;
    /** Levels below the root (the API's JSON nesting stays far below its parsers' limits). */
    static final int MAX_DEPTH = 32;

    private final ScriptRun run;
    private final DiscoveryRequest request;
    private final List<DiscoveryOutcome.Option> options = new ArrayList<>();
    private final List<TreeNode> nodes = new ArrayList<>();
    private boolean published;

    private record TreeNode(String name, boolean leaf, int depth, List<Integer> children) {
    }

    /** @param request what is discovered, or null when the run is not a discovery run */
    DiscoveryHost(ScriptRun run, DiscoveryRequest request) {
        this.run = run;
        this.request = request;
        nodes.add(new TreeNode(null, false, 0, new ArrayList<>()));
    }

    /** {@code metadata.discovery}: {@code {parameter, mode}} in a discovery run, else empty (as in Domo). */
    Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (request != null) {
            m.put("parameter", request.parameter());
            m.put("mode", request.tree() ? "TREE" : "DROPDOWN");
        }
        return m;
    }

    @HostAccess.Export
    public void addOption(String name, String value) {
        available("discovery.addOption");
        if (value == null || value.isEmpty()) {
            throw run.fail(Kind.RUNTIME, "discovery.addOption(name, value) needs a value (a non-empty string)");
        }
        if (options.size() >= MAX_OPTIONS) {
            throw run.fail(Kind.LIMIT, "discovery.addOption: a discovery script may add at most " + MAX_OPTIONS + " options");
        }
        options.add(new DiscoveryOutcome.Option(text("discovery.addOption", name == null ? value : name),
                text("discovery.addOption", value)));
    }

    @HostAccess.Export
    public int addNode(int parent, String name) {
        return add("discovery.addNode", parent, name, false);
    }

    @HostAccess.Export
    public int addLeaf(int parent, String name) {
        return add("discovery.addLeaf", parent, name, true);
    }

    @HostAccess.Export
    public void publishTree() {
        available("discovery.publishTree");
        published = true;
    }

    private int add(String what, int parent, String name, boolean leaf) {
        available(what);
        if (parent < 0 || parent >= nodes.size()) {
            throw run.fail(Kind.RUNTIME, what + "(parent, name): parent must be discovery.tree or a node addNode returned");
        }
        if (nodes.get(parent).leaf()) {
            throw run.fail(Kind.RUNTIME, what + "(parent, name): the parent '" + nodes.get(parent).name()
                    + "' is a leaf; leaves have no children (add it with addNode instead)");
        }
        if (name == null || name.isEmpty()) {
            throw run.fail(Kind.RUNTIME, what + "(parent, name) needs a name (a non-empty string)");
        }
        if (nodes.size() > MAX_NODES) {
            throw run.fail(Kind.LIMIT, what + ": a discovery tree has at most " + MAX_NODES + " nodes");
        }
        if (nodes.get(parent).depth() >= MAX_DEPTH) {
            throw run.fail(Kind.LIMIT, what + ": a discovery tree is at most " + MAX_DEPTH + " levels deep");
        }
        nodes.add(new TreeNode(text(what, name), leaf, nodes.get(parent).depth() + 1, new ArrayList<>()));
        int id = nodes.size() - 1;
        nodes.get(parent).children().add(id);
        return id;
    }

    private String text(String what, String value) {
        if (value.length() > Limits.PARAMETER_VALUE_CHARS) {
            throw run.fail(Kind.LIMIT, what + ": a name or value is at most " + Limits.PARAMETER_VALUE_CHARS
                    + " characters (a job's parameter value); this one has " + value.length());
        }
        return value;
    }

    private void available(String what) {
        if (request == null) {
            throw run.fail(Kind.SANDBOX, what + " is not available here: only a connector's discovery script lists choices");
        }
    }

    /** The outcome of the run; a tree built but never published is an error, since Domo would show nothing. */
    DiscoveryOutcome outcome(ScriptError error, List<String> log, String script) {
        if (error == null && !published && nodes.size() > 1) {
            error = new ScriptError(Kind.RUNTIME, "the script added nodes under discovery.tree but did not call "
                    + "discovery.publishTree()", script, 0, 0, null);
        }
        return new DiscoveryOutcome(options, published ? node(0) : null, error, log);
    }

    private DiscoveryOutcome.Node node(int id) {
        TreeNode n = nodes.get(id);
        return new DiscoveryOutcome.Node(n.name(), n.leaf(), n.children().stream().map(this::node).toList());
    }
}
