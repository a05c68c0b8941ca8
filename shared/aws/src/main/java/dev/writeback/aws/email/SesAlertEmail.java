package dev.writeback.aws.email;

import dev.writeback.core.alert.AlertEmail;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Alert emails through SES (v2 {@code SendEmail}) from the deployment's verified sender identity. */
public final class SesAlertEmail implements AlertEmail {
    private final SesV2Client ses;
    private final String sender;

    public SesAlertEmail(SesV2Client ses, String sender) {
        this.ses = ses;
        this.sender = sender;
    }

    /**
     * From {@code ALERT_EMAIL_SENDER} in {@code AWS_REGION}; null when no sender is set (the stack's
     * {@code AlertEmailSender} parameter is empty): no email is sent, and rules asking for it are refused.
     */
    public static SesAlertEmail fromEnvironment(Map<String, String> env) {
        String sender = env.get("ALERT_EMAIL_SENDER");
        if (sender == null || sender.isBlank()) {
            return null;
        }
        var builder = SesV2Client.builder()
                .region(Region.of(env.get("AWS_REGION")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)));
        String endpoint = env.get("WRITEBACK_AWS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return new SesAlertEmail(builder.build(), sender.strip());
    }

    @Override
    public void send(List<String> to, String subject, String text) {
        ses.sendEmail(r -> r.fromEmailAddress(sender)
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(s -> s.data(subject).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(text).charset("UTF-8"))))));
    }
}
