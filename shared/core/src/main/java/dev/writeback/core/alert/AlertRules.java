package dev.writeback.core.alert;

import dev.writeback.core.Limits;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.net.AddressGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a job's alert rules when they are saved: each problem is a 400 naming the field ({@code alerts[1].percent}).
 * Webhooks must be absolute https URLs on public hosts (plain http only to a named internal target of the
 * guard, as in local mode); a host name that does not resolve now is accepted, since the guard checks it again at
 * every post. Email needs a sender configured for the deployment.
 */
public final class AlertRules {
    /** How many of the job's successful runs the median of {@link AlertKind#ROWS_DEVIATION} is taken over. */
    public static final int DEVIATION_HISTORY = 10;
    public static final int MAX_RULES = 10;
    public static final int MAX_ADDRESSES = 10;
    public static final int MAX_PERCENT = 1000;
    public static final int MAX_FAILURES = 100;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+");

    private final AddressGuard guard;
    private final boolean emailConfigured;

    /**
     * @param guard the policy the webhooks are posted under
     * @param emailConfigured whether this deployment has an email sender (without one, email channels are refused)
     */
    public AlertRules(AddressGuard guard, boolean emailConfigured) {
        this.guard = guard;
        this.emailConfigured = emailConfigured;
    }

    /** The rules as the job keeps them (null: none). */
    public List<AlertRule> validate(List<AlertRule> rules) {
        if (rules == null || rules.isEmpty()) {
            return List.of();
        }
        Limits.count("alerts", rules, MAX_RULES);
        List<AlertRule> kept = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            kept.add(validate("alerts[" + i + "]", rules.get(i)));
        }
        return List.copyOf(kept);
    }

    private AlertRule validate(String field, AlertRule rule) {
        if (rule == null || rule.kind() == null) {
            throw new InvalidInputException(field + ".kind is required: one of " + List.of(AlertKind.values()) + ".");
        }
        Integer failures = rule.failures();
        Integer percent = rule.percent();
        if (rule.kind() == AlertKind.CONSECUTIVE_FAILURES) {
            if (failures == null || failures < 1 || failures > MAX_FAILURES) {
                throw new InvalidInputException(field + ".failures must be between 1 and " + MAX_FAILURES
                        + " for CONSECUTIVE_FAILURES" + (failures == null ? "" : ", not " + failures) + ".");
            }
        } else if (failures != null) {
            throw new InvalidInputException(field + ".failures belongs to CONSECUTIVE_FAILURES rules; leave it out of "
                    + rule.kind() + ".");
        }
        if (rule.kind() == AlertKind.ROWS_DEVIATION) {
            if (percent == null || percent < 1 || percent > MAX_PERCENT) {
                throw new InvalidInputException(field + ".percent must be between 1 and " + MAX_PERCENT
                        + " for ROWS_DEVIATION" + (percent == null ? "" : ", not " + percent) + ".");
            }
        } else if (percent != null) {
            throw new InvalidInputException(field + ".percent belongs to ROWS_DEVIATION rules; leave it out of "
                    + rule.kind() + ".");
        }
        String webhook = rule.webhook() == null || rule.webhook().isBlank() ? null : rule.webhook().strip();
        if (webhook == null && rule.email() == null) {
            throw new InvalidInputException(field + " needs a channel: webhook (an https URL), email (addresses), or both.");
        }
        if (webhook != null) {
            requireWebhook(field + ".webhook", webhook);
        }
        if (rule.email() != null) {
            requireEmail(field + ".email", rule.email());
        }
        return new AlertRule(rule.kind(), failures, percent, webhook, rule.email());
    }

    private void requireWebhook(String field, String value) {
        Limits.chars(field, value, Limits.URL_CHARS);
        guard.requireCallableUrl(field, value, "webhooks");
    }

    private void requireEmail(String field, List<String> addresses) {
        if (!emailConfigured) {
            throw new InvalidInputException(field + " cannot be used: this deployment has no email sender (the stack's "
                    + "AlertEmailSender parameter is empty); use a webhook, or ask the operators to set a sender.");
        }
        Limits.count(field, addresses, MAX_ADDRESSES);
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (address == null || address.length() > 254 || !ADDRESS.matcher(address).matches()) {
                throw new InvalidInputException(field + "[" + i + "] must be an email address, not '" + address + "'.");
            }
        }
    }
}
