package dev.writeback.core.job;

import dev.writeback.core.Limits;
import dev.writeback.core.changes.Incremental;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.InvalidInputException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job's fields must be, checked the same way on create and on update (and, for the report and the parameters,
 * for a draft's test run): sizes first, then the report, parameter values, retries and which rows runs send.
 */
public final class JobValidation {
    private JobValidation() {
    }

    /** Only what changed needs a DataSet to compare: the connector's {@value JobService#DATASET_PARAMETER} parameter. */
    static Incremental validateIncremental(ConnectorVersion connector, Incremental incremental) {
        if (incremental.tracksChanges() && connector.parameters().stream().noneMatch(p -> p.name().equals(JobService.DATASET_PARAMETER))) {
            throw new InvalidInputException("writeMode " + incremental.writeMode() + " compares the rows of the job's DataSet,"
                    + " but connector " + connector.connectorId() + " has no " + JobService.DATASET_PARAMETER + " parameter; use writeMode ALL.");
        }
        return incremental;
    }

    /** The sizes of what a caller sends ({@link Limits}), before anything is read or stored. */
    static void checkLimits(JobService.JobRequest request) {
        if (request.name() != null) {
            Limits.chars("A job name", request.name().strip(), Limits.NAME_CHARS);
        }
        Limits.chars("report", request.report(), Limits.NAME_CHARS);
        Limits.chars("connectorId", request.connectorId(), Limits.NAME_CHARS);
        Limits.chars("accountId", request.accountId(), Limits.NAME_CHARS);
        Limits.map("parameters", request.parameters(), Limits.PARAMETERS, Limits.NAME_CHARS, Limits.PARAMETER_VALUE_CHARS);
        if (request.schedule() != null) {
            Limits.chars("schedule.expression", request.schedule().expression(), Limits.SCHEDULE_CHARS);
            Limits.chars("schedule.timezone", request.schedule().timezone(), Limits.NAME_CHARS);
        }
        if (request.days() != null && (request.days() < 1 || request.days() > JobService.MAX_DAYS)) {
            throw new InvalidInputException("days must be between 1 and " + JobService.MAX_DAYS + ", not " + request.days() + ".");
        }
        if (request.domoClient() != null) {
            DomoCredentials.requireWellFormed("domoClient", request.domoClient().clientKey(), request.domoClient().clientSecret());
        }
    }

    /** The report a job or a test run chooses: one of the connector's, or none when it has none. */
    public static String validateReport(ConnectorVersion connector, String report) {
        if (connector.reports().isEmpty()) {
            if (report != null && !report.isBlank()) {
                throw new InvalidInputException("Connector " + connector.connectorId() + " has no reports; leave report out.");
            }
            return null;
        }
        if (report == null || !connector.reports().contains(report)) {
            throw new InvalidInputException("Choose a report of this connector: " + String.join(", ", connector.reports())
                    + (report == null ? "." : "; '" + report + "' is not one."));
        }
        return report;
    }

    /** A job's or a test run's parameter values: required ones given, types, DROPDOWN options and DATE selectors right. */
    public static Map<String, String> validateParameters(ConnectorVersion connector, Map<String, String> given) {
        Map<String, String> values = given == null ? Map.of() : given;
        List<String> problems = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (Parameter p : connector.parameters()) {
            String v = values.get(p.name());
            if (p.multiValued()) {
                if (v != null) {
                    problems.add(p.name() + " is a tree parameter: give its chosen values as an array of strings in selections");
                }
                continue;
            }
            if (v == null || v.isBlank()) {
                if (p.required()) {
                    problems.add(p.name() + " is required");
                }
                continue;
            }
            switch (p.type()) {
                case INTEGER -> {
                    if (!v.strip().matches("[-+]?\\d+(\\.\\d+)?")) {
                        problems.add(p.name() + " must be a number, not '" + v + "'");
                    }
                }
                case DROPDOWN -> {
                    if (!p.options().contains(v)) {
                        problems.add(p.name() + " must be one of " + String.join(", ", p.options()) + ", not '" + v + "'");
                    }
                }
                case DATE -> {
                    if (!validDateSelector(v)) {
                        problems.add(p.name() + " must be a date (yyyy-MM-dd), a range (yyyy-MM-dd..yyyy-MM-dd, start not after end) or a relative range such as 'last 7 days' or 'today-7..today', not '" + v + "'");
                    }
                }
                case STRING, TEXT, DISCOVERY -> {
                    // free text; a discovered value is not checked against a new discovery run (TreeSelections says why)
                }
            }
            out.put(p.name(), v);
        }
        for (String k : values.keySet()) {
            if (connector.parameters().stream().noneMatch(p -> p.name().equals(k))) {
                problems.add(k + " is not a parameter of this connector");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid parameters: " + String.join("; ", problems) + ".");
        }
        return out;
    }

    /** Valid when the script would read it: the same parser serves jobs and {@code DOMO.getStartDate}. */
    private static boolean validDateSelector(String v) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try {
            return !DateSelector.start(v, today).isAfter(DateSelector.end(v, today));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static JobRetryPolicy validateRetry(JobRetryPolicy retry) {
        if (retry == null) {
            return JobRetryPolicy.NONE;
        }
        if (retry.maxRetries() < 0 || retry.maxRetries() > 10) {
            throw new InvalidInputException("maxRetries must be between 0 and 10.");
        }
        if (retry.initialDelaySeconds() < 0 || retry.initialDelaySeconds() > 3600) {
            throw new InvalidInputException("initialDelaySeconds must be between 0 and 3600.");
        }
        return retry;
    }
}
