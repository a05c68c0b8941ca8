package dev.writeback.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * A run as the executor's log and metrics show it. While it runs, every log line carries its
 * {@code runId}, {@code jobId} and {@code connectorId}; when it ends, one line says how it ended and
 * one CloudWatch embedded-metric document (Powertools metrics, namespace {@code POWERTOOLS_METRICS_NAMESPACE})
 * counts it per connector and status: {@code Runs}, {@code RowsRead}, {@code RowsWritten},
 * {@code BytesWritten}, {@code Requests} and {@code Duration}; a run event that could not be published (event bus,
 * alerts) counts as {@code RunEventsNotPublished} per publisher.
 */
public final class RunTelemetry implements RunObserver {
    static final String RUN_ID = "runId";
    static final String JOB_ID = "jobId";
    static final String CONNECTOR_ID = "connectorId";
    private static final Logger LOG = LoggerFactory.getLogger(RunTelemetry.class);

    private final Metrics metrics;

    public RunTelemetry(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Over Powertools' metrics of this function (namespace and service from its environment). */
    public static RunTelemetry fromEnvironment() {
        return new RunTelemetry(MetricsFactory.getMetricsInstance());
    }

    @Override
    public void started(Run run) {
        MDC.put(RUN_ID, run.id());
        MDC.put(JOB_ID, run.jobId());
        MDC.put(CONNECTOR_ID, run.connectorId());
        LOG.info("Run started", entry("trigger", run.trigger()), entry("connectorVersion", run.connectorVersion()));
    }

    @Override
    public void finished(Run run) {
        try {
            LOG.info("Run finished", entry("status", run.status()), entry("rowsRead", run.rowsRead()),
                    entry("rowsWritten", run.rowsWritten()), entry("bytesWritten", run.bytesWritten()),
                    entry("requests", run.requests()), entry("durationMillis", run.durationMillis()),
                    entry("failedAt", run.error() == null ? null : run.error().stage() + "/" + run.error().kind()));
            publish(run);
        } catch (RuntimeException e) {
            LOG.warn("The run's metrics could not be published", e);
        } finally {
            MDC.remove(RUN_ID);
            MDC.remove(JOB_ID);
            MDC.remove(CONNECTOR_ID);
        }
    }

    /** Counts the event as {@code RunEventsNotPublished} per publisher, so an alarm can watch for a bus or webhook gone. */
    @Override
    public void eventNotPublished(Run run, String publisher) {
        try {
            metrics.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of(metrics.getDefaultDimensions().getDimensions())
                        .addDimension("publisher", publisher));
                m.addMetric("RunEventsNotPublished", 1, MetricUnit.COUNT);
                m.addMetadata(RUN_ID, run.id());
                m.addMetadata(JOB_ID, run.jobId());
            });
        } catch (RuntimeException e) {
            LOG.warn("The metric of an unpublished run event could not be published", e);
        }
    }

    private void publish(Run run) {
        metrics.flushMetrics(m -> {
            DimensionSet dimensions = DimensionSet.of(metrics.getDefaultDimensions().getDimensions())
                    .addDimension(CONNECTOR_ID, run.connectorId())
                    .addDimension("status", run.status().name());
            m.setDefaultDimensions(dimensions);
            m.addMetric("Runs", 1, MetricUnit.COUNT);
            m.addMetric("RowsRead", run.rowsRead(), MetricUnit.COUNT);
            m.addMetric("RowsWritten", run.rowsWritten(), MetricUnit.COUNT);
            m.addMetric("BytesWritten", run.bytesWritten(), MetricUnit.BYTES);
            m.addMetric("Requests", run.requests(), MetricUnit.COUNT);
            if (run.durationMillis() != null) {
                m.addMetric("Duration", run.durationMillis(), MetricUnit.MILLISECONDS);
            }
            m.addMetadata(RUN_ID, run.id());
            m.addMetadata(JOB_ID, run.jobId());
        });
    }
}
