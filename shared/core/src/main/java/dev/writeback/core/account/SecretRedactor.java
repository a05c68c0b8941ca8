package dev.writeback.core.account;

import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a run's secret values with {@code ***} in what Writeback keeps and shows: run logs, error messages,
 * the output datagrid's text cells and the state a script saves. Each secret is hidden raw, URL-encoded and in
 * base64 (standard and URL-safe, with or without padding), so a token a script encodes for an {@code Authorization}
 * header is hidden as well. Secrets shorter than {@value #MIN_LENGTH} characters are left alone: masking every
 * {@code "a1"} in a log would hide the log, not the secret. Longest forms first, so a secret containing another is
 * fully hidden.
 */
public final class SecretRedactor {
    public static final String MASK = "***";
    public static final int MIN_LENGTH = 4;

    private static final SecretRedactor NONE = new SecretRedactor(List.of());

    private final List<String> forms;

    private SecretRedactor(List<String> forms) {
        this.forms = forms;
    }

    public static SecretRedactor none() {
        return NONE;
    }

    public static SecretRedactor of(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < MIN_LENGTH) {
                continue;
            }
            forms.add(secret);
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String padded = encoder.encodeToString(bytes);
                forms.add(padded);
                forms.add(padded.replace("=", ""));
            }
        }
        if (forms.isEmpty()) {
            return NONE;
        }
        return new SecretRedactor(forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    public String apply(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String out = text;
        for (String form : forms) {
            out = out.replace(form, MASK);
        }
        return out;
    }

    /** The outcome as it may be kept: log lines, error message, text cells of the datagrid and state values redacted. */
    public ProcessOutcome apply(ProcessOutcome outcome) {
        if (forms.isEmpty()) {
            return outcome;
        }
        ScriptError e = outcome.error();
        ScriptError error = e == null ? null : new ScriptError(e.kind(), apply(e.message()), e.script(), e.line(), e.column(), e.code());
        return new ProcessOutcome(error, apply(outcome.grid()), outcome.log().stream().map(this::apply).toList(),
                apply(outcome.state()), outcome.http(), outcome.rowsWritten());
    }

    public DataGrid apply(DataGrid grid) {
        if (grid == null || forms.isEmpty()) {
            return grid;
        }
        List<List<Object>> rows = new ArrayList<>(grid.rows().size());
        for (List<Object> row : grid.rows()) {
            List<Object> kept = new ArrayList<>(row.size());
            for (Object cell : row) {
                kept.add(cell instanceof String text ? apply(text) : cell);
            }
            rows.add(kept);
        }
        return new DataGrid(grid.columns(), rows, grid.truncated());
    }

    public Map<String, String> apply(Map<String, String> values) {
        if (forms.isEmpty()) {
            return values;
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, apply(v)));
        return out;
    }
}
