package dev.writeback.core.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.job.JobDomoClients.DomoClientRequest;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.job.Schedule;

/**
 * Request bodies are the caller's bytes: binding one of the records the API reads either yields the record or fails
 * with a client error (4xx) that says what is wrong; any other exception would be a 500. Inputs replayed by
 * {@code bin/test} live under {@code JsonRequestFuzzTestInputs/}.
 */
class JsonRequestFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void jobRequest(String body) {
        bind(body, JobRequest.class);
    }

    @FuzzTest(maxDuration = "60s")
    void domoClientRequest(String body) {
        bind(body, DomoClientRequest.class);
    }

    @FuzzTest(maxDuration = "60s")
    void schedule(String body) {
        bind(body, Schedule.class);
    }

    private static void bind(String body, Class<?> type) {
        try {
            Json.readRequest(body, type);
        } catch (WritebackException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, () -> e.status() + " for " + e.getMessage());
        }
    }
}
