package dev.writeback.core.connector;

/** The scripts a connector has: authentication and data processing, and discovery when a parameter is discovered. */
public enum ScriptKind {
    AUTH("auth.js"), PROCESS("process.js"), DISCOVERY("discovery.js");

    private final String fileName;

    ScriptKind(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
