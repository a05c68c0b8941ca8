package dev.writeback.script;

import dev.writeback.core.script.ScriptError;

/** A failure raised by the host API, remembered so the outcome can name its kind even after the script sees it as an Error. */
record ScriptFailure(ScriptError.Kind kind, String message, Integer code) {
}
