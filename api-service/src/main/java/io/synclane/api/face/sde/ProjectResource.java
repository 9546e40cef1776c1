package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.ProjectService;
import io.synclane.api.service.ProjectService.ProjectInput;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v2/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Projects and tasks")
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
    public Map<String, Object> list(@RestQuery String name, @RestQuery("page_size") Integer pageSize,
            @RestQuery Integer page, @Context UriInfo uri) {
        PageRequest request = PageRequest.of(pageSize, page, config.maxPageSize());
        return mapper.page(projects.list(caller.teamId(), name, request).map(mapper::project), uri);
    }

    @POST
    public Response create(ProjectInput input) {
        return Response.status(Response.Status.CREATED)
                .entity(mapper.project(projects.create(caller.teamId(), input))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@RestPath long id) {
        return mapper.project(projects.get(caller.teamId(), id));
    }

    @PATCH
    @Path("/{id}")
    public Map<String, Object> update(@RestPath long id, ProjectInput input) {
        return mapper.project(projects.update(caller.teamId(), id, input == null ? new ProjectInput(null, null, null) : input));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@RestPath long id) {
        projects.delete(caller.teamId(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/tasks")
    public Map<String, Object> tasks(@RestPath long id, @RestQuery String phase, @RestQuery Integer priority,
            @RestQuery String status, @RestQuery("verification_status") String verificationStatus) {
        var tasks = projects.tasks(caller.teamId(), id, new TaskFilter(phase, priority, status, verificationStatus));
        return Map.of("results", tasks.stream().map(mapper::task).toList());
    }
}
