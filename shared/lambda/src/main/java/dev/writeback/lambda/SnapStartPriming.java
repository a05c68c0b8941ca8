package dev.writeback.lambda;

import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart's runtime hooks for one function. Before the snapshot, {@link #beforeCheckpoint} runs the function's cold
 * paths once, offline (no network, no store), so every environment restored from the snapshot starts with them loaded,
 * linked and initialised; after a restore, {@link #afterRestore} re-draws what must differ between environments.
 * A priming step that fails costs speed, never the snapshot: it is logged and the others still run.
 */
public final class SnapStartPriming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** One cold path to run before the snapshot. */
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String name, Step step) {
    }

    private final String function;
    private final List<Named> steps = new ArrayList<>();
    private final List<Runnable> afterRestore = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    public SnapStartPriming(String function) {
        this.function = function;
    }

    public SnapStartPriming prime(String name, Step step) {
        steps.add(new Named(name, step));
        return this;
    }

    public SnapStartPriming onRestore(Runnable reseed) {
        afterRestore.add(reseed);
        return this;
    }

    /**
     * Registers the hooks with the runtime. The runtime holds resources weakly: keep the returned object referenced
     * (the handler does) for as long as the function lives.
     */
    public SnapStartPriming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        failed.clear();
        for (Named named : steps) {
            long started = System.nanoTime();
            try {
                named.step().run();
                LOG.info("SnapStart priming of {}: {} in {} ms", function, named.name(), (System.nanoTime() - started) / 1_000_000);
            } catch (Exception | LinkageError e) {
                failed.add(named.name());
                LOG.warn("SnapStart priming of {}: {} failed; restored environments will pay for it on first use", function,
                        named.name(), e);
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        afterRestore.forEach(Runnable::run);
    }

    /** The steps of the last {@link #beforeCheckpoint} that failed, by name. */
    public List<String> failedSteps() {
        return List.copyOf(failed);
    }

    /** The names of the steps, in the order they run. */
    public List<String> stepNames() {
        return steps.stream().map(Named::name).toList();
    }
}
