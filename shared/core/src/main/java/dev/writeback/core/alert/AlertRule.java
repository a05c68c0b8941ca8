package dev.writeback.core.alert;

import java.util.List;

/**
 * One alert rule of a job: when it fires ({@code kind} and its threshold) and where it is told: a webhook
 * (Slack-compatible: a JSON body {@code {"text": …}}), email addresses, or both.
 *
 * @param failures for {@link AlertKind#CONSECUTIVE_FAILURES}: how many failed runs in a row open an incident (at least 1)
 * @param percent for {@link AlertKind#ROWS_DEVIATION}: the deviation from the median, in percent (1 to 1000)
 * @param webhook an https URL on a public host, or null
 * @param email addresses to send to, or null (needs an email sender configured for the deployment)
 */
public record AlertRule(AlertKind kind, Integer failures, Integer percent, String webhook, List<String> email) {
    public AlertRule {
        email = email == null || email.isEmpty() ? null : List.copyOf(email);
    }

    /** What identifies the rule's incident: its kind and threshold (changing where it is told keeps the incident). */
    public String incidentKey() {
        return switch (kind) {
            case CONSECUTIVE_FAILURES -> kind + ":" + failures;
            case ROWS_DEVIATION -> kind + ":" + percent;
            default -> kind.name();
        };
    }

    /** The rule in words, for the messages it sends. */
    public String describe() {
        return switch (kind) {
            case RUN_FAILED -> "a run failed";
            case CONSECUTIVE_FAILURES -> failures + " consecutive failed run" + (failures == 1 ? "" : "s");
            case ZERO_ROWS -> "a run wrote no rows";
            case ROWS_DEVIATION -> "rows written deviate more than " + percent + " % from the median of the last "
                    + AlertRules.DEVIATION_HISTORY + " successful runs";
        };
    }
}
