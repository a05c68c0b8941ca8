package dev.writeback.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/bench cold [N]}: how long a fresh JVM takes from process start to the end of one real run on the embedded
 * default (file stores, the Domo stand-in, File Drop on loopback), N times (default 5), with the median and spread; the
 * first run after SnapStart priming in one JVM; and {@code bin/writeback demo} in a fresh JVM. Every figure is printed
 * beside the baseline the work started from. The runs' JVMs start as {@code bin/writeback} starts the embedded default:
 * {@code bin/bench cold} passes its classpath ({@code COLD_CLASSPATH}) and flags, class cache included
 * ({@code COLD_JVM_OPTIONS}).
 */
public final class ColdStartBenchmark {
    private static final Pattern JOB = Pattern.compile("created job (job-[A-Za-z0-9]+)");
    private static final Pattern FIGURE = Pattern.compile("(\\w+)=(\\d+)");

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory("writeback-cold-");
        Path home = work.resolve("home");
        Path datasets = Path.of("samples/datasets").toAbsolutePath();
        System.out.printf(Locale.ROOT, "cold start on %d cores, %s, Java %s; the machine is shared: figures are wall time under its load%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), Runtime.version());

        long demoStart = System.nanoTime();
        Child demo = start(List.of(Path.of("bin/writeback").toAbsolutePath().toString(), "demo", "--home", home.toString()), work);
        long demoMs = (System.nanoTime() - demoStart) / 1_000_000;
        Matcher job = JOB.matcher(demo.out());
        if (demo.exit() != 0 || !job.find()) {
            throw new IllegalStateException("the demo failed:\n" + demo.out());
        }
        String jobId = job.group(1);

        List<Map<String, Long>> cold = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cold.add(figures(run(List.of(ColdRun.class.getName(), home.toString(), datasets.toString(), jobId), work)));
        }
        Map<String, Long> primed = figures(run(List.of(ColdRun.class.getName(), home.toString(), datasets.toString(), jobId, "--primed"), work));

        long[] total = cold.stream().mapToLong(f -> f.get("start_to_run_done_ms")).sorted().toArray();
        long median = total[total.length / 2];
        System.out.println();
        System.out.printf(Locale.ROOT, "%-44s %10s %28s%n", "", "measured", "baseline");
        System.out.printf(Locale.ROOT, "%-44s %8d ms %28s%n", "fresh JVM, process start → run done (median)", median,
                "5200–6400 ms (invoke executor)");
        System.out.printf(Locale.ROOT, "%-44s %s ms%n", "  each run", Arrays.toString(total));
        System.out.printf(Locale.ROOT, "%-44s %8d ms%n", "  spread (max − min)", total[total.length - 1] - total[0]);
        System.out.printf(Locale.ROOT, "%-44s %8d ms%n", "  JVM start → main (median)", median(cold, "jvm_to_main_ms"));
        System.out.printf(Locale.ROOT, "%-44s %8d ms %28s%n", "  embedded default started (median)", median(cold, "platform_start_ms"),
                "GraalJS engine 1200 ms");
        System.out.printf(Locale.ROOT, "%-44s %8d ms %28s%n", "  the run itself (median)", median(cold, "run_ms"),
                "Calcite 3800 + context 2400 ms");
        System.out.printf(Locale.ROOT, "%-44s %8d ms%n", "  CPU time of the JVM (median)", median(cold, "cpu_ms"));
        System.out.printf(Locale.ROOT, "%-44s %8d ms%n", "  CPU time of the run itself (median)", median(cold, "run_cpu_ms"));
        System.out.printf(Locale.ROOT, "%-44s %8d ms %28s%n", "first run after SnapStart priming", primed.get("run_ms"), "(none)");
        System.out.printf(Locale.ROOT, "%-44s %8d ms%n", "  its CPU time", primed.get("run_cpu_ms"));
        System.out.printf(Locale.ROOT, "%-44s %8d ms%n", "  priming (beforeCheckpoint)", primed.get("priming_ms"));
        System.out.printf(Locale.ROOT, "%-44s %8d ms %28s%n", "bin/writeback demo (built)", demoMs, "5000 ms");
        System.out.printf(Locale.ROOT, "%-44s %s%n", "runs' JVM options", System.getenv().getOrDefault("COLD_JVM_OPTIONS", "(this JVM's)"));
        System.out.printf(Locale.ROOT, "result: cold_median_ms=%d primed_first_run_ms=%d demo_ms=%d cold_median_cpu_ms=%d%n", median,
                primed.get("run_ms"), demoMs, median(cold, "cpu_ms"));
    }

    private record Child(int exit, String out) {
    }

    private static long median(List<Map<String, Long>> runs, String key) {
        long[] v = runs.stream().mapToLong(f -> f.get(key)).sorted().toArray();
        return v[v.length / 2];
    }

    private static Map<String, Long> figures(Child child) {
        String line = child.out().lines().filter(l -> l.startsWith("cold-run ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("a cold run failed:\n" + child.out()));
        Map<String, Long> f = new HashMap<>();
        Matcher m = FIGURE.matcher(line);
        while (m.find()) {
            f.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return f;
    }

    /** A fresh JVM running {@code mainAndArgs}, started as bin/writeback starts one. */
    private static Child run(List<String> mainAndArgs, Path work) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String options = System.getenv("COLD_JVM_OPTIONS");
        if (options != null && !options.isBlank()) {
            command.addAll(Arrays.asList(options.trim().split("\\s+")));
        } else {
            command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
        command.add("-cp");
        command.add(System.getenv().getOrDefault("COLD_CLASSPATH", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return start(command, work);
    }

    private static Child start(List<String> command, Path work) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "child-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        return new Child(exit, Files.readString(log, StandardCharsets.UTF_8));
    }
}
