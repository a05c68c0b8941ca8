package dev.writeback.core.script;

import dev.writeback.core.error.UnprocessableException;

/** A script that does not parse; carries where. */
public class ScriptSyntaxException extends UnprocessableException {
    private final ScriptError error;

    public ScriptSyntaxException(ScriptError error) {
        super(error.describe());
        this.error = error;
    }

    public ScriptError error() {
        return error;
    }
}
