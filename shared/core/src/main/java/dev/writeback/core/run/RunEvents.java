package dev.writeback.core.run;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells every publisher (the event bus, the job's alerts) of each recorded status change of a run. A publisher that
 * fails is logged and counted by the observer; the run goes on as recorded.
 */
final class RunEvents {
    private static final Logger LOG = Logger.getLogger(RunEvents.class.getName());

    private final List<RunEventPublisher> publishers;
    private final RunObserver observer;

    RunEvents(List<RunEventPublisher> publishers, RunObserver observer) {
        this.publishers = List.copyOf(publishers);
        this.observer = observer;
    }

    /** The run's record now holds a new status. */
    void changed(Run run) {
        RunEvent event = RunEvent.of(run);
        for (RunEventPublisher publisher : publishers) {
            try {
                publisher.publish(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The event " + event.detailType() + " of run " + run.id() + " was not published by "
                        + publisher.getClass().getSimpleName() + ": " + e.getMessage(), e);
                try {
                    observer.eventNotPublished(run, publisher.getClass().getSimpleName());
                } catch (RuntimeException ignored) {
                    // an observer must not throw; if one does, the run still stands as recorded
                }
            }
        }
    }
}
