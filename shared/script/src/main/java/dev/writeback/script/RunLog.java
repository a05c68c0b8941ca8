package dev.writeback.script;

import dev.writeback.core.account.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The lines a run logs: redacted, and capped at a byte budget after which one marker line is written. */
final class RunLog {
    private final SecretRedactor redactor;
    private final int maxBytes;
    private final List<String> lines = new ArrayList<>();
    private long bytes;
    private boolean full;

    RunLog(SecretRedactor redactor, int maxBytes) {
        this.redactor = redactor;
        this.maxBytes = maxBytes;
    }

    void add(String line) {
        if (full) {
            return;
        }
        String clean = redactor.apply(line == null ? "null" : line);
        long size = clean.getBytes(StandardCharsets.UTF_8).length + 1L;
        if (bytes + size > maxBytes) {
            full = true;
            lines.add("[log truncated: the run reached its log limit of " + maxBytes + " bytes; later lines were dropped]");
            return;
        }
        bytes += size;
        lines.add(clean);
    }

    List<String> lines() {
        return lines;
    }
}
