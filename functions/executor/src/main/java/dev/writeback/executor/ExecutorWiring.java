package dev.writeback.executor;

import dev.writeback.api.CallerResolver;
import dev.writeback.core.Services;
import dev.writeback.core.run.RunService;
import java.time.Clock;

/** What the executor runs on: the run use case, how callers are known, and the clock. */
public record ExecutorWiring(RunService runs, CallerResolver callers, Clock clock) {

    public static ExecutorWiring of(Services services, CallerResolver callers) {
        return new ExecutorWiring(services.runs(), callers, services.clock());
    }

    /** The AWS wiring: adapters from the function's environment (table, bucket, secret prefix, Domo base URL). */
    public static ExecutorWiring fromEnvironment() {
        return of(AwsFunctionServices.executor(), CallerResolver.fromEnvironment());
    }
}
