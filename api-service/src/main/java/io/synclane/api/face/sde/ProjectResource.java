package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.ProjectService;
import io.synclane.api.service.ProjectService.TaskFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v2/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = Tags.PROJECTS)
@SecurityRequirement(name = Tags.SECURITY)
public class ProjectResource {
    private final ProjectService projects;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    public ProjectResource(ProjectService projects, SdeMapper mapper, Caller caller, ApiConfig config) {
        this.projects = projects;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    @GET
    public ListPage<ProjectView> list(@RestQuery String name,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page, @Context UriInfo uri) {
        PageRequest request = QueryValues.page(pageSize, page, config.maxPageSize());
        return mapper.page(projects.list(caller.teamId(), name, request).map(mapper::project), uri);
    }

    @POST
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectView.class)))
    public ProjectView create(ProjectBody body) {
        return mapper.project(projects.create(caller.teamId(), ProjectBody.input(body)));
    }

    @GET
    @Path("/{id: [0-9]+}")
    public ProjectView get(@RestPath long id) {
        return mapper.project(projects.get(caller.teamId(), id));
    }

    @PATCH
    @Path("/{id: [0-9]+}")
    public ProjectView update(@RestPath long id, ProjectBody body) {
        return mapper.project(projects.update(caller.teamId(), id, ProjectBody.changes(body)));
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath long id) {
        projects.delete(caller.teamId(), id);
    }

    @GET
    @Path("/{id: [0-9]+}/tasks")
    public ListPage<TaskView> tasks(@RestPath long id, @RestQuery String phase,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String priority,
            @RestQuery String status, @RestQuery("verification_status") String verificationStatus) {
        var tasks = projects.tasks(caller.teamId(), id, new TaskFilter(phase,
                QueryValues.integer("priority", priority), status, verificationStatus));
        return ListPage.of(tasks.stream().map(mapper::task).toList());
    }
}
