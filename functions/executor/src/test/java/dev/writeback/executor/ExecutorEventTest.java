package dev.writeback.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExecutorEventTest {

    private static ExecutorEvent parse(String json) throws Exception {
        return ExecutorEvent.parse(Json.MAPPER.readTree(json));
    }

    private static String sample(String name) throws Exception {
        return Files.readString(Path.of("../../events/" + name));
    }

    @Test
    void anHttpApiEventIsARequestOfTheRunsApi() throws Exception {
        ExecutorEvent.ApiRequest api = assertInstanceOf(ExecutorEvent.ApiRequest.class,
                parse(sample("executor-list-runs.json")));

        assertEquals("GET /jobs/{id}/runs", api.request().getRouteKey());
    }

    @Test
    void aRunEventIsReadBackAsWrittenByTheLauncher() throws Exception {
        String written = new String(ExecutorHandler.runEvent("run-42"), StandardCharsets.UTF_8);

        assertEquals("{\"source\":\"writeback.run\",\"runId\":\"run-42\"}", written);
        assertEquals(new ExecutorEvent.RunEvent("run-42"), parse(written));
        assertEquals("A run event needs runId.", assertThrows(InvalidInputException.class,
                () -> parse("{\"source\":\"writeback.run\",\"runId\":\" \"}")).getMessage());
    }

    @Test
    void aTestRunEventIsReadBackAsWrittenByTheLauncher() throws Exception {
        String written = new String(ExecutorHandler.testRunEvent("trun-7"), StandardCharsets.UTF_8);

        assertEquals("{\"source\":\"writeback.test-run\",\"testRunId\":\"trun-7\"}", written);
        assertEquals(new ExecutorEvent.TestRunEvent("trun-7"), parse(written));
        assertEquals("A test-run event needs testRunId.", assertThrows(InvalidInputException.class,
                () -> parse("{\"source\":\"writeback.test-run\"}")).getMessage());
    }

    @Test
    void aSchedulerEventIsAScheduleFiring() throws Exception {
        assertEquals(ScheduleEvent.parse(Json.MAPPER.readTree(sample("executor-scheduler-event.json"))),
                parse(sample("executor-scheduler-event.json")));
    }

    @Test
    void theSweepScheduleEventIsASweep() throws Exception {
        assertEquals(new ExecutorEvent.Sweep(), parse(sample("executor-sweep-event.json")));
    }

    @Test
    void anyOtherEventIsRefusedSayingWhatTheExecutorTakes() {
        String expected = "The executor takes HTTP API events, run events, test-run events, schedule events and sweep events; "
                + "this event is none of them.";
        assertEquals(expected, assertThrows(InvalidInputException.class, () -> parse("{\"source\":\"aws.events\"}")).getMessage());
        assertEquals(expected, assertThrows(InvalidInputException.class, () -> parse("")).getMessage());
    }
}
