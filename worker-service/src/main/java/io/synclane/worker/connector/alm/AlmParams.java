package io.synclane.worker.connector.alm;

import io.synclane.common.domain.SystemParams;
import io.synclane.common.domain.SystemParams.Requirement;
import io.synclane.worker.connector.ConnectorFailure;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading a connection's params the way every ALM connector needs them. */
public final class AlmParams {
    private final String system;
    private final Map<String, Object> params;

    public AlmParams(String system, Map<String, Object> params) {
        this.system = system;
        this.params = params;
    }

    /** Fails naming the first param the system needs that is missing. */
    public void requireAll() throws ConnectorFailure {
        Optional<Requirement> unmet = SystemParams.firstUnmet(SystemParams.forConnection(system), params);
        if (unmet.isPresent()) {
            throw new ConnectorFailure("Missing required param: " + unmet.get().describe() + ".");
        }
    }

    public String text(String name, String fallback) {
        Object value = params.get(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    /** The first of these params that has a value. */
    public String first(String... names) {
        return Arrays.stream(names).map(n -> text(n, null)).filter(v -> v != null).findFirst().orElse(null);
    }

    public List<String> list(String name, String fallback) {
        String value = text(name, fallback);
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean validateCertificate() {
        return !"false".equalsIgnoreCase(text("alm_validate_cert", "true"));
    }

    /** The server's base URL, ending in a slash so that relative paths resolve under it. */
    public URI server() throws ConnectorFailure {
        String url = SystemParams.serverUrl(system, params)
                .orElseThrow(() -> new ConnectorFailure("Missing required param: alm_server."));
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure("alm_server \"" + url + "\" is not an http or https URL.");
        }
    }
}
