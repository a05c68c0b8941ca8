package dev.writeback.script;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Test inputs: a generous deadline unless said otherwise. */
final class Inputs {
    static ScriptSource js(String code) {
        return new ScriptSource("process.js", code);
    }

    static ScriptInput input() {
        return input(Map.of(), Map.of(), null);
    }

    static ScriptInput input(Map<String, Object> account, Map<String, Object> parameters, DataPlane plane) {
        return new ScriptInput(account, "Default", parameters, "https://api.example.com", Map.of(), plane,
                Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()), Set.of(), null, null);
    }

    static ScriptInput withDeadline(Duration d) {
        return new ScriptInput(Map.of(), null, Map.of(), null, Map.of(), null, Deadline.after(d, Clock.systemUTC()), Set.of(), null, null);
    }

    private Inputs() {
    }
}
