package dev.writeback.core.alert;

import java.util.List;

/** Sends an alert by email from the deployment's configured sender (SES in AWS, a file outbox locally). */
public interface AlertEmail {
    /** @throws RuntimeException when the message was not accepted for delivery */
    void send(List<String> to, String subject, String text);
}
