package io.synclane.api.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.synclane.common.catalogue.Catalogue;
import io.synclane.common.catalogue.Catalogue.CatalogueTask;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Projects of a team and their security tasks. */
@ApplicationScoped
public class ProjectService {
    /** What a client sends to create or change a project; null fields are left as they are. */
    public record ProjectInput(String name, String description, String profile) {
    }

    /** Filters of a project's task list; null means any. */
    public record TaskFilter(String phase, Integer priority, String status, String verificationStatus) {
    }

    private final Catalogue catalogue;

    public ProjectService(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Page<Project> list(long teamId, String name, PageRequest page) {
        Texts.bounded("name", name, Texts.NAME_MAX);
        PanacheQuery<Project> query = name == null
                ? Project.find("teamId = ?1 order by id", teamId)
                : Project.find("teamId = ?1 and name = ?2 order by id", teamId, name);
        return Page.of(query, page);
    }

    public Project get(long teamId, long id) {
        Project project = Project.findForTeam(id, teamId);
        if (project == null) {
            throw new NotFound();
        }
        return project;
    }

    @Transactional
    public Project create(long teamId, ProjectInput input) {
        if (input == null || isBlank(input.name())) {
            throw InvalidField.required("name");
        }
        checkTexts(input);
        List<CatalogueTask> tasks = List.of();
        if (input.profile() != null) {
            tasks = catalogue.tasks(input.profile()).orElseThrow(() -> new InvalidField("profile",
                    "Unknown profile \"" + input.profile() + "\"; built-in profiles: " + Catalogue.PROFILES + "."));
        }
        requireUniqueName(teamId, input.name(), null);
        Project project = new Project();
        project.teamId = teamId;
        project.name = input.name().trim();
        project.description = input.description() == null ? "" : input.description();
        project.profile = input.profile();
        project.persist();
        for (CatalogueTask source : tasks) {
            Task task = new Task();
            task.projectId = project.id;
            task.taskId = source.taskId();
            task.title = source.title();
            task.phase = source.phase();
            task.priority = source.priority();
            task.cwes = source.cwes().stream().mapToInt(Integer::intValue).toArray();
            task.persist();
        }
        return project;
    }

    @Transactional
    public Project update(long teamId, long id, ProjectInput input) {
        Project project = get(teamId, id);
        checkTexts(input);
        if (input.name() != null) {
            if (isBlank(input.name())) {
                throw InvalidField.blank("name");
            }
            requireUniqueName(teamId, input.name(), id);
            project.name = input.name().trim();
        }
        if (input.description() != null) {
            project.description = input.description();
        }
        project.updatedAt = Instant.now();
        return project;
    }

    @Transactional
    public void delete(long teamId, long id) {
        get(teamId, id).delete();
    }

    public List<Task> tasks(long teamId, long projectId, TaskFilter filter) {
        get(teamId, projectId);
        Texts.bounded("phase", filter.phase(), Texts.NAME_MAX);
        StringBuilder where = new StringBuilder("projectId = :project");
        Parameters params = Parameters.with("project", projectId);
        if (filter.phase() != null) {
            where.append(" and phase = :phase");
            params.and("phase", filter.phase());
        }
        if (filter.priority() != null) {
            where.append(" and priority >= :priority");
            params.and("priority", filter.priority());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", parseTaskStatus(filter.status()));
        }
        if (filter.verificationStatus() != null) {
            where.append(" and verificationStatus = :verification");
            params.and("verification", parseVerification(filter.verificationStatus()));
        }
        return Task.list(where + " order by id", params);
    }

    private static TaskStatus parseTaskStatus(String value) {
        try {
            return TaskStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidField("status", "Select a valid choice: TODO, DONE, NA.");
        }
    }

    private static VerificationStatus parseVerification(String value) {
        try {
            return VerificationStatus.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("verificationStatus", "Select a valid choice: none, pass, partial, fail.");
        }
    }

    private static void requireUniqueName(long teamId, String name, Long exceptId) {
        Project other = Project.find("teamId = ?1 and name = ?2", teamId, name.trim()).firstResult();
        if (other != null && !other.id.equals(exceptId)) {
            throw new InvalidField("name", "A project with this name already exists.");
        }
    }

    /** A project's texts: names and profiles fit an index entry, a description is free text. */
    private static void checkTexts(ProjectInput input) {
        Texts.bounded("name", input.name(), Texts.NAME_MAX);
        Texts.bounded("description", input.description(), Texts.TEXT_MAX);
        Texts.bounded("profile", input.profile(), Texts.NAME_MAX);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
