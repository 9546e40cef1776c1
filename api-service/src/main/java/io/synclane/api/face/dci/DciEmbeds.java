package io.synclane.api.face.dci;

import io.synclane.api.face.dci.DciViews.JobDefinitionView;
import io.synclane.api.face.dci.DciViews.JobView;
import io.synclane.api.face.dci.DciViews.RemoteciView;
import io.synclane.api.face.dci.DciViews.TeamView;
import io.synclane.api.service.Actor;
import io.synclane.api.service.JobRecordService;
import io.synclane.api.service.TeamService;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.RemoteAgent;
import io.synclane.common.job.JobRecordQueries.JobRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A page of jobs with what {@code embed=} asked for: the team, the remote agent, the job definition (the
 * connection, without its params). Each embedded kind is read once for the whole page, not once per job.
 */
final class DciEmbeds {
    private final JobRecordService jobs;
    private final TeamService teams;
    private final Actor actor;
    private final Set<String> embed;

    DciEmbeds(JobRecordService jobs, TeamService teams, Actor actor, Set<String> embed) {
        this.jobs = jobs;
        this.teams = teams;
        this.actor = actor;
        this.embed = embed;
    }

    JobView job(JobRecord job) {
        return jobs(List.of(job)).get(0);
    }

    List<JobView> jobs(List<JobRecord> page) {
        TeamView team = embed.contains("team") ? new TeamView(DciMapper.id(actor.teamId()),
                teams.get(actor, actor.teamId()).name) : null;
        Map<Long, RemoteAgent> agents = embed.contains("remoteci")
                ? jobs.remoteAgents(actor, page.stream().map(JobRecord::remoteciId).filter(Objects::nonNull).toList())
                : Map.of();
        Map<Long, Connection> connections = embed.contains("jobdefinition")
                ? jobs.connections(actor, page.stream().map(JobRecord::connectionId).toList())
                : Map.of();
        return page.stream().map(job -> {
            RemoteAgent agent = job.remoteciId() == null ? null : agents.get(job.remoteciId());
            Connection connection = connections.get(job.connectionId());
            RemoteciView remoteci = agent == null ? null : DciMapper.remoteci(agent, null);
            JobDefinitionView definition = connection == null ? null : DciMapper.definition(connection, null);
            return DciMapper.job(job, team, remoteci, definition);
        }).toList();
    }
}
