package dev.writeback.core.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A request to stop a script run early, e.g. a user cancelling the run. The runner registers what
 * stops the script ({@link #onCancel}); whoever learns of the request calls {@link #cancel}.
 * Thread-safe; cancelling twice keeps the first reason.
 */
public final class CancelSignal {
    private final List<Runnable> listeners = new ArrayList<>();
    private String reason;

    /** A signal nobody cancels (what a run without a cancel hook gets). */
    public static CancelSignal never() {
        return new CancelSignal();
    }

    /** Asks the run to stop; {@code reason} is what the outcome reports, e.g. "cancelled by bob". */
    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null || why.isBlank() ? "cancelled" : why;
            toRun = List.copyOf(listeners);
            listeners.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean cancelled() {
        return reason != null;
    }

    /** Why the run was cancelled, or null while it was not. */
    public synchronized String reason() {
        return reason;
    }

    /**
     * Runs {@code action} once when the signal is cancelled (at once, on this thread, if it already was).
     * Close the returned handle when the action is no longer wanted.
     */
    public AutoCloseable onCancel(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                listeners.add(action);
                return () -> {
                    synchronized (this) {
                        listeners.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }
}
