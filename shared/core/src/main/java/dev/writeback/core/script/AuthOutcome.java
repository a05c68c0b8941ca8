package dev.writeback.core.script;

import java.util.List;

/**
 * How an authentication script ended.
 *
 * @param authenticated true only if the script called {@code auth.authenticationSuccess()}
 * @param message the message given to {@code auth.authenticationFailed}, or a description of why it failed
 * @param error the script error if the script did not run to the end, else null
 * @param log lines written with {@code DOMO.log}, secrets redacted
 */
public record AuthOutcome(boolean authenticated, String message, ScriptError error, List<String> log) {
    public AuthOutcome {
        log = List.copyOf(log);
    }
}
