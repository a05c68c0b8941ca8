package dev.writeback.script;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Test inputs: a generous deadline unless said otherwise. */
final class Inputs {
    static ScriptSource js(String code) {
        return new ScriptSource("process.js", code);
    }

    static ScriptInput input() {
        return input(Map.of(), Map.of(), null);
    }

    static ScriptInput input(Map<String, Object> account, Map<String, Object> parameters, DataPlane plane) {
        return ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).account(account).report("Default")
                .parameters(parameters).baseUrl("https://api.example.com").dataPlane(plane).build();
    }

    static ScriptInput withDeadline(Duration d) {
        return ScriptInput.builder(Deadline.after(d, Clock.systemUTC())).build();
    }

    private Inputs() {
    }
}
