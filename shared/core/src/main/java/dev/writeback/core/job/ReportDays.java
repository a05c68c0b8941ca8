package dev.writeback.core.job;

import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * {@code metadata.days}, which Domo's "last X days" reports read: the span in days of the job's Date-selector
 * parameter (the connector's first DATE parameter with a value; end minus start, so {@code last 7 days} is 7, and at
 * least 1), else the job's {@code days} setting, else {@value Job#DEFAULT_DAYS}.
 */
public final class ReportDays {

    public static int of(ConnectorVersion connector, Job job, LocalDate today) {
        for (Parameter p : connector.parameters()) {
            String value = job.parameters().get(p.name());
            if (p.type() == Parameter.Type.DATE && value != null && !value.isBlank()) {
                long span = ChronoUnit.DAYS.between(DateSelector.start(value, today), DateSelector.end(value, today));
                return (int) Math.max(1, Math.min(span, Integer.MAX_VALUE));
            }
        }
        return job.days() != null ? job.days() : Job.DEFAULT_DAYS;
    }

    private ReportDays() {
    }
}
