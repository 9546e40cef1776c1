package io.synclane.worker.connector.sarif;

import io.synclane.worker.config.ReportsConfig;
import io.synclane.worker.connector.AnalysisConnector;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.JobLog;
import io.synclane.worker.connector.ReportFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Analysis system {@code sarif}: a SARIF 2.1.0 report read from {@code report_path} (inside the reports
 * folder only) or fetched from {@code report_url} (http or https), at most {@link ReportsConfig#maxBytes()}.
 */
@ApplicationScoped
public class SarifConnector implements AnalysisConnector {
    private final ReportsConfig config;
    private final SarifReportParser parser = new SarifReportParser();
    private final HttpClient http;

    public SarifConnector(ReportsConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String system() {
        return "sarif";
    }

    @Override
    public AnalysisReport fetchReport(Map<String, Object> params, JobLog log) throws ConnectorFailure {
        return fetchReport(params, log, report -> {
        });
    }

    @Override
    public AnalysisReport fetchReport(Map<String, Object> params, JobLog log, Consumer<ReportFile> keep)
            throws ConnectorFailure {
        Object path = params.get("report_path");
        Object url = params.get("report_url");
        if ((path == null) == (url == null)) {
            throw new ConnectorFailure("Give exactly one of the params report_path and report_url.");
        }
        byte[] content = path != null ? readFile(path.toString(), log) : download(url.toString(), log);
        keep.accept(new ReportFile("report.sarif", "application/sarif+json", content));
        AnalysisReport report = parser.parse(content);
        log.info("read " + report.tool() + " report: " + report.findings().size() + " findings with a CWE, "
                + report.unmapped() + " without, rules cover " + report.coveredCwes().size() + " CWEs");
        return report;
    }

    private byte[] readFile(String reportPath, JobLog log) throws ConnectorFailure {
        String outside = "report_path \"" + reportPath + "\" is outside the reports folder.";
        Path folder;
        Path file;
        try {
            folder = config.dir().toRealPath();
            // Checked before the file is looked up, so the answer tells nothing about files outside.
            if (!folder.resolve(reportPath).normalize().startsWith(folder)) {
                throw new ConnectorFailure(outside);
            }
            file = folder.resolve(reportPath).toRealPath();
        } catch (NoSuchFileException e) {
            throw new ConnectorFailure("report_path \"" + reportPath + "\" does not exist in the reports folder.");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ConnectorFailure("report_path \"" + reportPath + "\" cannot be read.");
        }
        // Checked again on the real path: a symbolic link may not lead out either.
        if (!file.startsWith(folder)) {
            throw new ConnectorFailure(outside);
        }
        log.info("reading report " + folder.relativize(file));
        try (InputStream in = Files.newInputStream(file)) {
            return readCapped(in);
        } catch (IOException e) {
            throw new ConnectorFailure("report_path \"" + reportPath + "\" cannot be read: " + e.getMessage());
        }
    }

    private byte[] download(String reportUrl, JobLog log) throws ConnectorFailure {
        URI uri;
        try {
            uri = URI.create(reportUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure("report_url is not a valid URL.");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new ConnectorFailure("report_url must be an http or https URL.");
        }
        // Userinfo and query may hold credentials: never repeat them.
        String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getPath() == null ? "" : uri.getPath());
        log.info("fetching report from " + shown);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.fetchTimeout()).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 500) {
                    throw new ConnectorFailure("report_url " + shown + " answered " + status + ".", true, null);
                }
                if (status < 200 || status > 299) {
                    throw new ConnectorFailure("report_url " + shown + " answered " + status + ".");
                }
                return readCapped(body);
            }
        } catch (HttpTimeoutException e) {
            throw new ConnectorFailure("report_url " + shown + " did not answer within " + config.fetchTimeout()
                    + ".", true, e);
        } catch (ConnectException e) {
            throw new ConnectorFailure("report_url " + shown + " refused the connection.", true, e);
        } catch (IOException e) {
            throw new ConnectorFailure("report_url " + shown + " could not be fetched: "
                    + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure("fetching report_url was interrupted.", true, e);
        }
    }

    /** Reads at most maxBytes, and refuses the report instead of truncating it. */
    private byte[] readCapped(InputStream in) throws IOException, ConnectorFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > config.maxBytes()) {
                throw new ConnectorFailure("The report is larger than " + config.maxBytes() + " bytes.");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
