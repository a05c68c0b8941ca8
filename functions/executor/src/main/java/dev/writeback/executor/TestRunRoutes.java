package dev.writeback.executor;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpReply;
import dev.writeback.core.testrun.TestRun;
import dev.writeback.core.testrun.TestRunRequest;
import dev.writeback.core.testrun.TestRunService;

/** Test runs of a connector version's script: start one, poll it, list a connector's, cancel. */
final class TestRunRoutes {
    private final TestRunService testRuns;

    TestRunRoutes(TestRunService testRuns) {
        this.testRuns = testRuns;
    }

    void register(HttpApi api) {
        api.route("POST", "/connectors/{id}/test-runs", r -> {
                    TestRun started = testRuns.start(r.caller(), r.pathParameter("id"), r.json(TestRunRequest.class));
                    // 202: the script runs asynchronously; the client polls Location until the test run has ended
                    return HttpReply.json(202, started).withHeader("location", "/test-runs/" + started.id());
                })
                .route("GET", "/connectors/{id}/test-runs", r -> HttpReply.ok(testRuns.list(r.caller(), r.pathParameter("id"),
                        r.intQuery("limit", 25), r.query().get("cursor"))))
                .route("GET", "/test-runs/{id}", r -> HttpReply.ok(testRuns.get(r.caller(), r.pathParameter("id"))))
                .route("POST", "/test-runs/{id}/cancel", r -> HttpReply.ok(testRuns.cancel(r.caller(), r.pathParameter("id"))));
    }
}
