package dev.writeback.core.alert;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunEvent;
import dev.writeback.core.run.RunEventPublisher;
import dev.writeback.core.run.RunRepository;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.run.RunSummary;
import dev.writeback.core.store.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's alert rules, evaluated when one of its runs ends. Each rule has at most one open incident: the run that
 * opens it is told (webhook, email), the runs while it stays open are not — retries of a failing run included —
 * and the run that closes it is told once more as a recovery. CANCELLED runs neither open nor close incidents.
 * The incidents are kept before anything is sent, so a run evaluated again (an event delivered twice) sends nothing.
 */
public final class RunAlerts implements RunEventPublisher {
    /** Runs of the job read at most to find the successful ones the median is taken over. */
    private static final int HISTORY_SCAN = 200;

    private final JobRepository jobs;
    private final RunRepository runs;
    private final AlertIncidents incidents;
    private final AlertWebhook webhook;
    private final AlertEmail email;

    /** @param email null when the deployment sends no email (such channels are refused when jobs are saved) */
    public RunAlerts(JobRepository jobs, RunRepository runs, AlertIncidents incidents, AlertWebhook webhook, AlertEmail email) {
        this.jobs = jobs;
        this.runs = runs;
        this.incidents = incidents;
        this.webhook = webhook;
        this.email = email;
    }

    /** What one rule tells about one run. */
    record Notice(AlertRule rule, boolean recovered, String subject, String text) {
    }

    @Override
    public void publish(RunEvent event) {
        RunSummary run = event.detail();
        if (!run.status().finished() || run.status() == RunStatus.CANCELLED) {
            return;
        }
        Job job = jobs.find(run.jobId()).orElse(null);
        if (job == null || job.alerts().isEmpty()) {
            return;
        }
        List<Notice> notices = evaluateOnce(job, run);
        List<String> failures = new ArrayList<>();
        for (Notice notice : notices) {
            send(notice, failures);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Alerts of job " + job.id() + " for run " + run.runId() + " not delivered: "
                    + String.join("; ", failures));
        }
    }

    /** Moves the job's incidents on for this run and keeps them; the notices to send (none if already evaluated). */
    private List<Notice> evaluateOnce(Job job, RunSummary run) {
        Long median = null;
        boolean medianRead = false;
        for (int attempt = 0; ; attempt++) {
            AlertIncidents.State state = incidents.read(job.id());
            if (run.runId().equals(state.lastRunId())) {
                return List.of();
            }
            Map<String, AlertIncidents.Incident> next = new LinkedHashMap<>();
            List<Notice> notices = new ArrayList<>();
            for (AlertRule rule : job.alerts()) {
                if (next.containsKey(rule.incidentKey())) {
                    continue;
                }
                if (rule.kind() == AlertKind.ROWS_DEVIATION && !medianRead && run.status() == RunStatus.SUCCEEDED) {
                    median = medianOfSuccessfulRunsBefore(run);
                    medianRead = true;
                }
                AlertIncidents.Incident before = state.incident(rule.incidentKey());
                AlertIncidents.Incident after = next(rule, before, run, median);
                next.put(rule.incidentKey(), after);
                if (after.open() != before.open()) {
                    notices.add(notice(job, rule, run, after.open(), median));
                }
            }
            try {
                incidents.write(job.id(), state, run.runId(), next);
                return notices;
            } catch (ConflictException changed) {
                if (attempt >= 4) {
                    throw changed;
                }
            }
        }
    }

    /** The rule's incident after a run that FAILED, TIMED_OUT or SUCCEEDED (cancelled runs are not evaluated). */
    static AlertIncidents.Incident next(AlertRule rule, AlertIncidents.Incident before, RunSummary run, Long median) {
        boolean failed = run.status() == RunStatus.FAILED || run.status() == RunStatus.TIMED_OUT;
        int inARow = failed ? before.failuresInARow() + 1 : 0;
        boolean open = switch (rule.kind()) {
            case RUN_FAILED -> failed;
            case CONSECUTIVE_FAILURES -> failed && (before.open() || inARow >= rule.failures());
            case ZERO_ROWS -> succeeded(run) ? run.rowsWritten() == 0 : before.open();
            case ROWS_DEVIATION -> succeeded(run) && median != null
                    ? deviationPercent(run.rowsWritten(), median) > rule.percent() : before.open();
        };
        String openedBy = open ? (before.open() ? before.openedByRunId() : run.runId()) : null;
        return new AlertIncidents.Incident(open, inARow, openedBy);
    }

    private static boolean succeeded(RunSummary run) {
        return run.status() == RunStatus.SUCCEEDED;
    }

    /** How far {@code rows} is from {@code median}, in percent of the median (any rows against a median of 0: infinite). */
    static double deviationPercent(long rows, long median) {
        if (median == 0) {
            return rows == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(rows - median) * 100.0 / median;
    }

    /** The median rows written by the job's last successful runs before this one, or null when it has none. */
    private Long medianOfSuccessfulRunsBefore(RunSummary run) {
        List<Long> rows = new ArrayList<>();
        String cursor = null;
        int scanned = 0;
        do {
            Page<Run> page = runs.listForJob(run.jobId(), 50, cursor);
            for (Run r : page.items()) {
                scanned++;
                if (!r.id().equals(run.runId()) && r.status() == RunStatus.SUCCEEDED && rows.size() < AlertRules.DEVIATION_HISTORY
                        && (r.queuedAt() == null || !r.queuedAt().isAfter(run.queuedAt()))) {
                    rows.add(r.rowsWritten());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null && rows.size() < AlertRules.DEVIATION_HISTORY && scanned < HISTORY_SCAN);
        if (rows.isEmpty()) {
            return null;
        }
        rows.sort(Long::compare);
        int n = rows.size();
        return n % 2 == 1 ? rows.get(n / 2) : (rows.get(n / 2 - 1) + rows.get(n / 2)) / 2;
    }

    private static Notice notice(Job job, AlertRule rule, RunSummary run, boolean opened, Long median) {
        String jobName = "\"" + job.name() + "\" (" + job.id() + ")";
        String what = "run " + run.runId() + " " + run.status() + ", " + run.rowsWritten() + " rows written";
        if (opened) {
            StringBuilder text = new StringBuilder("Writeback alert: job ").append(jobName).append(": ")
                    .append(rule.describe()).append(". Last ").append(what);
            if (rule.kind() == AlertKind.ROWS_DEVIATION && median != null) {
                text.append(" (median ").append(median).append(')');
            }
            if (run.error() != null) {
                text.append(". Error at ").append(run.error().stage()).append(": ").append(run.error().message());
            }
            return new Notice(rule, false, "[Writeback] Job " + job.name() + ": " + rule.describe(), text.append('.').toString());
        }
        String text = "Writeback: job " + jobName + " recovered (" + rule.describe() + " no longer holds): " + what + ".";
        return new Notice(rule, true, "[Writeback] Job " + job.name() + " recovered: " + rule.describe(), text);
    }

    private void send(Notice notice, List<String> failures) {
        if (notice.rule().webhook() != null) {
            try {
                webhook.post(notice.rule().webhook(), notice.text());
            } catch (RuntimeException e) {
                failures.add("webhook of " + notice.rule().incidentKey() + ": " + e.getMessage());
            }
        }
        if (notice.rule().email() != null) {
            if (email == null) {
                failures.add("email of " + notice.rule().incidentKey() + ": this deployment has no email sender");
                return;
            }
            try {
                email.send(notice.rule().email(), notice.subject(), notice.text());
            } catch (RuntimeException e) {
                failures.add("email of " + notice.rule().incidentKey() + ": " + e.getMessage());
            }
        }
    }
}
