package dev.writeback.script;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces every secret value with {@code ***}; longest first so a secret containing another is fully hidden. */
final class Redactor {
    static final String MASK = "***";
    private final List<String> secrets;

    Redactor(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
