package dev.writeback.core.connector;

/** The two scripts a connector has. */
public enum ScriptKind {
    AUTH("auth.js"), PROCESS("process.js");

    private final String fileName;

    ScriptKind(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
