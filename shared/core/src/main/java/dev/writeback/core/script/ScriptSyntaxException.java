package dev.writeback.core.script;

/** A script that does not parse; carries where. */
public class ScriptSyntaxException extends ScriptFailedException {

    public ScriptSyntaxException(ScriptError error) {
        super(error.describe(), error);
    }
}
