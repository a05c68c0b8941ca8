package dev.writeback.core.job;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Schedules built from fuzz data in the shapes the validator parses ({@code rate(n unit)}, six cron fields, a known
 * or arbitrary time zone) as well as free text: the regular expressions and time zone lookup are JDK code the fuzzer
 * does not see into, so free text alone rarely gets past them.
 */
public final class FuzzedSchedules {
    private static final String[] ZONES = {"UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", ""};
    private static final String[] UNITS = {"minute", "minutes", "hour", "hours", "day", "days"};

    private FuzzedSchedules() {
    }

    public static Schedule schedule(FuzzedDataProvider data) {
        int z = data.consumeInt(0, ZONES.length + 1);
        String zone = z < ZONES.length ? ZONES[z] : z == ZONES.length ? null : data.consumeString(40);
        String expression = switch (data.consumeInt(0, 2)) {
            case 0 -> "rate(" + data.consumeString(12) + " " + data.pickValue(UNITS) + ")";
            case 1 -> {
                StringBuilder cron = new StringBuilder("cron(");
                for (int i = 0; i < 6; i++) {
                    cron.append(i == 0 ? "" : " ").append(data.consumeString(12));
                }
                yield cron.append(")").toString();
            }
            default -> data.consumeRemainingAsString();
        };
        return new Schedule(expression, zone);
    }
}
