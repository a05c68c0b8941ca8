package dev.writeback.core.alert;

/** Posts an alert to a webhook as {@code {"text": …}} (Slack's incoming-webhook body), through the address guard. */
public interface AlertWebhook {
    /** @throws RuntimeException when the post was refused, failed or answered with an error status */
    void post(String url, String text);
}
