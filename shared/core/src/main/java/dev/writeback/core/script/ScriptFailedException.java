package dev.writeback.core.script;

import dev.writeback.core.error.UnprocessableException;

/** A script that could not do what the request needed (422); carries the script error, so the answer names where. */
public class ScriptFailedException extends UnprocessableException {
    private final ScriptError error;

    public ScriptFailedException(String message, ScriptError error) {
        super(message);
        this.error = error;
    }

    public ScriptError error() {
        return error;
    }
}
