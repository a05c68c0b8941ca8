package dev.writeback.script;

import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/** Turns what GraalJS reports about a script's end into a {@link ScriptError}: kind, redacted message and location. */
final class ScriptErrors {
    private ScriptErrors() {
    }

    /** What a script's failure means: cancelled, deadline, a limit, syntax, a host-API failure or what it threw. */
    static ScriptError toError(PolyglotException e, ScriptRun run, String name, ScriptLimits limits) {
        int[] at = location(e, name);
        if (run.cancelHit.get()) {
            return cancelledError(run, name, at[0], at[1]);
        }
        if (run.memoryHit.get()) {
            return memoryError(name, at[0], at[1]);
        }
        if (run.deadlineHit.get() || (e.isCancelled() && run.deadline.passed())) {
            return deadlineError(run, name, at[0], at[1]);
        }
        if (e.isResourceExhausted()) {
            String msg = e.getMessage() != null && e.getMessage().startsWith("Statement count limit")
                    ? "script exceeded the statement limit of " + limits.statementLimit() + " statements"
                    : "script exceeded the memory available to scripts (" + e.getMessage() + ")";
            return new ScriptError(Kind.LIMIT, msg, name, at[0], at[1], null);
        }
        if (e.isSyntaxError() && !run.syntaxErrorAtRun) {
            return new ScriptError(Kind.SYNTAX, run.redactor.apply(syntaxMessage(e)), name, at[0], at[1], null);
        }
        if (e.isCancelled()) {
            return new ScriptError(Kind.DEADLINE, "script was cancelled", name, at[0], at[1], null);
        }
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            return new ScriptError(Kind.RUNTIME, run.redactor.apply("the host API failed: " + host), name, at[0], at[1], null);
        }
        String raw = guestMessage(e);
        ScriptFailure f = run.lastFailure;
        boolean fromHost = f != null && raw.equals("Error: " + f.message());
        Kind kind = fromHost ? f.kind() : Kind.RUNTIME;
        String message = fromHost ? f.message() : raw.startsWith("Error: ") ? raw.substring(7) : raw;
        if (kind == Kind.DEADLINE) {
            return deadlineError(run, name, at[0], at[1]);
        }
        if (!fromHost && raw.equals("RangeError: Invalid string length")) {
            return new ScriptError(Kind.LIMIT, "script exceeded the longest string allowed (" + limits.maxStringLength()
                    + " characters): " + raw, name, at[0], at[1], null);
        }
        return new ScriptError(kind, run.redactor.apply(message), name, at[0], at[1], null);
    }

    static ScriptError cancelledError(ScriptRun run, String name, int line, int column) {
        return new ScriptError(Kind.CANCELLED, run.input.cancel().reason(), name, line, column, null);
    }

    static final String MEMORY = "script exceeded the memory available to scripts";

    static ScriptError memoryError(String name, int line, int column) {
        return new ScriptError(Kind.LIMIT, MEMORY, name, line, column, null);
    }

    static ScriptError deadlineError(ScriptRun run, String name, int line, int column) {
        return new ScriptError(Kind.DEADLINE, "script exceeded its deadline (the run's time ran out at "
                + run.deadline.at() + ")", name, line, column, null);
    }

    /** {@code Name: message} of what the script threw ({@code message} alone for a plain Error), or its string value. */
    private static String guestMessage(PolyglotException e) {
        try {
            Value thrown = e.getGuestObject();
            if (thrown != null && thrown.hasMembers() && thrown.hasMember("message")) {
                Value message = thrown.getMember("message");
                Value nameValue = thrown.getMember("name");
                String n = nameValue != null && nameValue.isString() ? nameValue.asString() : "Error";
                return n + ": " + (message.isString() ? message.asString() : message.toString());
            }
            if (thrown != null && thrown.isString()) {
                return thrown.asString();
            }
            if (thrown != null && !thrown.isNull()) {
                return thrown.toString();
            }
        } catch (PolyglotException | IllegalStateException ignored) {
            // the thrown value misbehaves (throwing getter) or its context is gone: use the engine's description
        }
        return e.getMessage() == null ? "script failed" : e.getMessage();
    }

    /** The innermost frame in the user's script (host-API glue frames are skipped). */
    private static int[] location(PolyglotException e, String name) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection s = frame.getSourceLocation();
            if (frame.isGuestFrame() && s != null && s.isAvailable() && name.equals(s.getSource().getName())) {
                return new int[]{s.getStartLine(), s.getStartColumn()};
            }
        }
        SourceSection s = e.getSourceLocation();
        if (s != null && s.isAvailable() && name.equals(s.getSource().getName())) {
            return new int[]{s.getStartLine(), s.getStartColumn()};
        }
        return new int[]{0, 0};
    }

    static String syntaxMessage(PolyglotException e) {
        String m = e.getMessage() == null ? "syntax error" : e.getMessage();
        String first = m.lines().findFirst().orElse(m);
        // GraalJS puts "name:line:column " (0-based column) into the message; the error carries the location already
        return first.replaceFirst("^(SyntaxError: )?\\S+:\\d+:\\d+\\s+", "$1").trim();
    }
}
