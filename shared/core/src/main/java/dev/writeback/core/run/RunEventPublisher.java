package dev.writeback.core.run;

/**
 * Where run events go: EventBridge in AWS, a JSON-lines file (and webhooks) in the embedded default. Called on the
 * thread that recorded the change, after the record is written; an adapter bounds its own time (timeouts) and may
 * throw, which is logged and counted, never passed to the run.
 */
public interface RunEventPublisher {
    RunEventPublisher NONE = event -> {
    };

    void publish(RunEvent event);
}
