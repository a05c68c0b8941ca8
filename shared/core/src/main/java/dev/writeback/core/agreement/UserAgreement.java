package dev.writeback.core.agreement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The project's user agreement for connector authors, as Markdown, with its version. A new version is a new
 * resource file ({@code user-agreement-v<version>.md}) and a new {@link #CURRENT_VERSION}: every author accepts
 * it again before creating connectors.
 */
public record UserAgreement(String version, String text) {
    public static final String CURRENT_VERSION = "1";

    public UserAgreement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(text, "text");
    }

    /** The version authors accept now. */
    public static UserAgreement current() {
        return load(CURRENT_VERSION);
    }

    static UserAgreement load(String version) {
        String resource = "user-agreement-v" + version + ".md";
        try (InputStream in = UserAgreement.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the user agreement " + resource + " is not on the class path");
            }
            return new UserAgreement(version, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
