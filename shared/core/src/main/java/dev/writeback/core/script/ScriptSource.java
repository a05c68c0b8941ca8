package dev.writeback.core.script;

import java.util.Objects;

/** A script's name (as shown in errors, e.g. {@code process.js}) and its code. */
public record ScriptSource(String name, String code) {
    public ScriptSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
    }
}
