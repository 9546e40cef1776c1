package io.synclane.api.face.ui;

import io.synclane.api.client.JobRequestsLag;
import io.synclane.api.face.ui.UiViews.ConnectionLineView;
import io.synclane.api.face.ui.UiViews.ConnectionPageView;
import io.synclane.api.face.ui.UiViews.ConnectionRef;
import io.synclane.api.face.ui.UiViews.DueLine;
import io.synclane.api.face.ui.UiViews.DueView;
import io.synclane.api.face.ui.UiViews.FileView;
import io.synclane.api.face.ui.UiViews.HourView;
import io.synclane.api.face.ui.UiViews.JobDetailView;
import io.synclane.api.face.ui.UiViews.JobLineView;
import io.synclane.api.face.ui.UiViews.JobPageView;
import io.synclane.api.face.ui.UiViews.LagView;
import io.synclane.api.face.ui.UiViews.MinuteView;
import io.synclane.api.face.ui.UiViews.OutboxView;
import io.synclane.api.face.ui.UiViews.OutcomeView;
import io.synclane.api.face.ui.UiViews.OverviewView;
import io.synclane.api.face.ui.UiViews.Permissions;
import io.synclane.api.face.ui.UiViews.ProjectRef;
import io.synclane.api.face.ui.UiViews.QueueView;
import io.synclane.api.face.ui.UiViews.RunView;
import io.synclane.api.face.ui.UiViews.SessionView;
import io.synclane.api.face.ui.UiViews.StateView;
import io.synclane.api.face.ui.UiViews.TeamRef;
import io.synclane.api.face.ui.UiViews.UserLine;
import io.synclane.api.face.ui.UiViews.UserRef;
import io.synclane.api.service.JobBoardService.ConnectionPage;
import io.synclane.api.service.JobBoardService.JobDetail;
import io.synclane.api.service.OperationsOverviewService.Overview;
import io.synclane.api.service.OperationsOverviewService.Session;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.Topics;
import io.synclane.common.job.JobStore.StoredFile;
import io.synclane.common.job.OperationsQueries.ConnectionLine;
import io.synclane.common.job.OperationsQueries.JobLine;
import io.synclane.common.job.OperationsQueries.JobLines;
import io.synclane.common.job.OperationsQueries.RunLine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The services' answers as the dashboard's JSON. */
@ApplicationScoped
class UiMapper {
    SessionView session(Session session) {
        return new SessionView(new UserRef(session.userId(), session.email(), session.name()),
                new TeamRef(session.teamId(), session.teamName()), session.admin(),
                new Permissions(session.canEditAlm(), session.canEditAnalysis()));
    }

    OverviewView overview(Overview overview) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobStatus status : JobStatus.values()) {
            counts.put(status.wire(), overview.statusCounts().counts().get(status));
        }
        JobRequestsLag.Reading lag = overview.consumerLag();
        return new OverviewView(overview.now(), counts, overview.statusCounts().endedSince(),
                new QueueView(overview.queue().scheduled(), overview.queue().running()),
                overview.perMinute().stream()
                        .map(m -> new MinuteView(m.minute(), m.succeeded(), m.failed(), m.killed())).toList(),
                new HourView(overview.lastHour().ended(), overview.lastHour().succeeded(), overview.lastHour().failed(),
                        overview.lastHour().killed(), overview.lastHour().failureRate()),
                new OutboxView(overview.outbox().waiting(), overview.outbox().oldestSeconds(),
                        overview.outbox().deadLetters()),
                new LagView(lag.available(), lag.available() ? lag.lag() : null, lag.partitions(), Topics.JOB_REQUESTS,
                        lag.group(), lag.detail(), lag.readAt()),
                new DueView(overview.dueUntil(), overview.due().count(), overview.due().connections().stream()
                        .map(d -> new DueLine(d.id(), d.kind().wire(), d.alias(), d.system(), d.frequency().wire(),
                                d.nextRun(), new ProjectRef(d.projectId(), d.projectName())))
                        .toList()));
    }

    JobPageView jobs(JobLines lines) {
        return new JobPageView(lines.jobs().stream().map(this::job).toList(), lines.before());
    }

    JobLineView job(JobLine job) {
        return new JobLineView(job.id(), job.kind().wire(), job.status().wire(), job.status().isTerminal(),
                job.manual() ? "manual" : "automatic",
                job.userId() == null ? null : new UserLine(job.userId(), job.userEmail()), job.resultMessage(),
                job.attempt(), job.remoteAgent(), job.createdAt(), job.startedAt(), job.finishedAt(),
                millis(job.startedAt(), job.finishedAt()),
                new ConnectionRef(job.connectionId(), job.connectionAlias(), job.system()),
                new ProjectRef(job.projectId(), job.projectName()));
    }

    JobDetailView detail(JobDetail detail) {
        JobLine job = detail.job();
        return new JobDetailView(job(job),
                detail.states().stream()
                        .map(s -> new StateView(s.id(), s.status().wire(), s.comment(), s.createdAt())).toList(),
                detail.runs().stream().map(this::run).toList(),
                detail.files().stream().map(f -> file(job, f)).toList(),
                detail.mayCancel(), detail.mayRerun());
    }

    private RunView run(RunLine run) {
        return new RunView(run.id(), run.attempt(), run.host(), run.processId(), run.runKey(), run.status().wire(),
                run.startedAt(), run.finishedAt(), millis(run.startedAt(), run.finishedAt()), run.stdout(),
                run.stderr());
    }

    private static FileView file(JobLine job, StoredFile file) {
        return new FileView(file.id(), file.name(), file.mime(), file.size(), file.createdAt(),
                UiEdge.API + "/jobs/" + job.kind().wire() + "/" + job.id() + "/files/" + file.id());
    }

    ConnectionPageView connections(ConnectionPage page) {
        return new ConnectionPageView(page.connections().stream().map(entry -> {
            ConnectionLine c = entry.connection();
            return new ConnectionLineView(c.id(), c.kind().wire(), c.alias(), c.system(), c.inaccessible(),
                    c.frequency().wire(), c.schedulePaused(), c.scheduleTimezone(), c.nextRun(), c.skippedRuns(),
                    new ProjectRef(c.projectId(), c.projectName()), c.lastJob() == null ? null : job(c.lastJob()),
                    c.history().stream().map(o -> new OutcomeView(o.jobId(), o.status().wire())).toList(),
                    (int) c.history().stream().filter(o -> o.status() == JobStatus.SUCCESS).count(),
                    entry.maySync(), entry.mayPause());
        }).toList(), page.after());
    }

    private static Long millis(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis();
    }
}
