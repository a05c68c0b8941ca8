package dev.writeback.executor;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpReply;
import dev.writeback.core.run.RunService;

/** The runs API: start a run of a job, read runs and their logs, cancel. */
final class RunRoutes {
    private final RunService runs;

    RunRoutes(RunService runs) {
        this.runs = runs;
    }

    void register(HttpApi api) {
        api.route("POST", "/jobs/{id}/runs", r -> {
                    RunService.Started started = runs.runNow(r.caller(), r.pathParameter("id"), r.header("idempotency-key"));
                    // 202: the run executes asynchronously; the client follows Location until it has finished
                    HttpReply reply = started.duplicate() ? HttpReply.ok(started.run()) : HttpReply.json(202, started.run());
                    return reply.withHeader("location", "/runs/" + started.run().id());
                })
                .route("GET", "/jobs/{id}/runs", r -> HttpReply.ok(runs.list(r.caller(), r.pathParameter("id"),
                        r.intQuery("limit", 25), r.query().get("cursor"))))
                .route("GET", "/runs/{id}", r -> HttpReply.ok(runs.get(r.caller(), r.pathParameter("id"))))
                .route("GET", "/runs/{id}/log", r -> HttpReply.text(200, "text/plain; charset=utf-8",
                        runs.log(r.caller(), r.pathParameter("id"))))
                .route("POST", "/runs/{id}/cancel", r -> HttpReply.ok(runs.cancel(r.caller(), r.pathParameter("id"))));
    }
}
