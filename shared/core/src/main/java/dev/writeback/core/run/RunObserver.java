package dev.writeback.core.run;

/**
 * Told when a run starts executing in this process and when it has ended, e.g. to put the run's ids
 * on every log line written meanwhile and to publish its figures. Called on the executing thread;
 * an observer must not throw.
 */
public interface RunObserver {
    RunObserver NONE = new RunObserver() {
    };

    /** The run is RUNNING here from now on. */
    default void started(Run run) {
    }

    /** The run ended (its final record is written), whatever its status. */
    default void finished(Run run) {
    }

    /**
     * A run event (of any status) could not be published by {@code publisher} (the event bus, the job's alerts):
     * counted, so that someone notices; the run is not affected.
     */
    default void eventNotPublished(Run run, String publisher) {
    }
}
