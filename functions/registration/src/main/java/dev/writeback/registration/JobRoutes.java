package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpReply;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobService;

/** Creating and managing jobs (runs are the executor's routes). */
final class JobRoutes {
    private final JobService jobs;

    JobRoutes(JobService jobs) {
        this.jobs = jobs;
    }

    void register(HttpApi api) {
        api.route("POST", "/jobs", r -> {
                    Job job = jobs.create(r.caller(), r.json(JobService.JobRequest.class));
                    return HttpReply.created("/jobs/" + job.id(), JobView.of(job));
                })
                .route("GET", "/jobs", r -> HttpReply.ok(jobs.list(r.caller(), r.intQuery("limit", 25), r.query().get("cursor"))
                        .map(JobView::of)))
                .route("GET", "/jobs/{id}", r -> HttpReply.ok(JobView.of(jobs.get(r.caller(), r.pathParameter("id")))))
                .route("PATCH", "/jobs/{id}", r -> HttpReply.ok(JobView.of(jobs.update(r.caller(), r.pathParameter("id"),
                        r.json(JobService.JobRequest.class)))))
                .route("POST", "/jobs/{id}/pause", r -> HttpReply.ok(JobView.of(jobs.pause(r.caller(), r.pathParameter("id")))))
                .route("POST", "/jobs/{id}/resume", r -> HttpReply.ok(JobView.of(jobs.resume(r.caller(), r.pathParameter("id")))))
                .route("POST", "/jobs/{id}/resend-all", r -> HttpReply.ok(JobView.of(jobs.resendAll(r.caller(), r.pathParameter("id")))))
                .route("DELETE", "/jobs/{id}", r -> {
                    jobs.delete(r.caller(), r.pathParameter("id"));
                    return HttpReply.noContent();
                });
    }
}
