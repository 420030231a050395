"""jobs: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (job.go)."""

from __future__ import annotations

from mockmost.auth import permissions as perms
from mockmost.http.checks import answered, body_field, fail
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.operations import ANSWERED


def get_jobs(ctx: Ctx) -> Reply:
    """getJobs: jobs of the types the caller may read; mockmost runs no jobs, so there are none."""
    perms.require_system(ctx.store, ctx.session, "read_jobs")
    return ok([])


ROUTES = [
    answered(
        "POST",
        "/api/v4/jobs",
        "create_job",
        fail(
            400,
            "api.job.unable_to_create_job.incorrect_job_type",
            "The job type of the job you are trying to create is invalid",
        ),
    ),  # job.go createJob
    answered(
        "GET",
        "/api/v4/jobs/type/{type}",
        "get_jobs_by_type",
        fail(
            400,
            "api.job.retrieve.nopermissions",
            "The job types of a job you are trying to retrieve does not contain permissions",
        ),
    ),  # job.go getJobsByType
    answered(
        "GET",
        "/api/v4/jobs/{job_id}",
        "get_job",
        fail(404, "app.job.get.app_error", "Unable to get the job."),
    ),  # job.go getJob
    answered(
        "POST",
        "/api/v4/jobs/{job_id}/cancel",
        "cancel_job",
        fail(404, "app.job.get.app_error", "Unable to get the job."),
    ),  # job.go cancelJob
    answered(
        "GET",
        "/api/v4/jobs/{job_id}/download",
        "download_job",
        fail(
            501,
            "app.job.download_export_results_not_enabled",
            "DownloadExportResults in config.json is false. Please set this to true to download the "
            "results of this job.",
        ),
    ),  # job.go downloadJob
    answered(
        "PATCH",
        "/api/v4/jobs/{job_id}/status",
        "update_job_status",
        body_field("status"),
        fail(404, "app.job.get.app_error", "Unable to get the job."),
    ),  # job.go updateJobStatus
    Route("GET", "/api/v4/jobs", get_jobs, kind=ANSWERED),
]
