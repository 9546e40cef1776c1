package io.synclane.api.service;

import io.synclane.api.config.ApiConfig;
import io.synclane.common.job.JobRecordQueries;
import io.synclane.common.job.JobRecordQueries.FileRecord;
import io.synclane.common.job.JobRecordQueries.NamedContent;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.NewFile;
import io.synclane.common.job.JobStore.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files attached to jobs (logs, reports, test results) and the results read from them. A file is stored whole or
 * not at all: over the size cap, with a claimed MD5 that is not its content's, or as JUnit results that do not
 * parse, nothing is written. Results come from the files whose MIME type is {@value #JUNIT}.
 */
@ApplicationScoped
public class JobFileService {
    public static final String JUNIT = "application/junit";
    public static final int NAME_MAX = Texts.NAME_MAX;
    public static final int MIME_MAX = Texts.NAME_MAX;

    /** A file to attach: to a job (and optionally one of its states), with what the client says of it. */
    public record NewFileCommand(Long jobId, Long jobStateId, String name, String mime, byte[] content,
            String claimedMd5) {
    }

    private final JobRecordQueries records;
    private final JobStore store;
    private final JobRecordService jobs;
    private final ApiConfig config;

    public JobFileService(JobRecordQueries records, JobStore store, JobRecordService jobs, ApiConfig config) {
        this.records = records;
        this.store = store;
        this.jobs = jobs;
        this.config = config;
    }

    @Transactional
    public StoredFile attach(Actor caller, NewFileCommand command) {
        Long jobId = command.jobId();
        if (jobId == null && command.jobStateId() != null) {
            JobRecordQueries.StateRecord state = records.state(command.jobStateId())
                    .orElseThrow(() -> InvalidField.unknownReference("jobStateId", command.jobStateId()));
            if (state.teamId() != caller.teamId()) {
                throw new ForeignRecord();
            }
            jobId = state.state().jobId();
        }
        if (jobId == null) {
            throw InvalidField.required("jobId");
        }
        jobs.get(caller, jobId);
        String name = text("name", command.name(), NAME_MAX);
        String mime = command.mime() == null || command.mime().isBlank() ? "text/plain"
                : text("mime", command.mime(), MIME_MAX);
        byte[] content = command.content() == null ? new byte[0] : command.content();
        if (content.length > config.agents().maxFileSize()) {
            throw new TooLarge(config.agents().maxFileSize());
        }
        if (command.claimedMd5() != null && !command.claimedMd5().isBlank()
                && !command.claimedMd5().strip().equalsIgnoreCase(md5(content))) {
            throw new InvalidField("md5", "is not the MD5 of the content (" + md5(content) + ")");
        }
        if (JUNIT.equals(mime)) {
            try {
                JUnitResults.parse(content);
            } catch (JUnitResults.InvalidJUnit e) {
                throw new InvalidField("content", "is not JUnit XML results: " + e.getMessage());
            }
        }
        long job = jobId;
        return store.attachFile(new NewFile(job, command.jobStateId(), name, mime, content))
                .orElseThrow(() -> InvalidField.unknownReference("jobStateId", command.jobStateId()));
    }

    public List<StoredFile> files(Actor caller, long jobId) {
        jobs.get(caller, jobId);
        return records.files(jobId);
    }

    public StoredFile file(Actor caller, long fileId) {
        FileRecord file = records.file(fileId).orElseThrow(NotFound::new);
        if (file.teamId() != caller.teamId()) {
            throw new ForeignRecord();
        }
        return file.file();
    }

    public byte[] content(Actor caller, long fileId) {
        file(caller, fileId);
        return records.content(fileId);
    }

    /**
     * The job's test results: each JUnit file's summary, by file name. A file stored before it could be checked and
     * unreadable now is left out rather than failing the whole answer.
     */
    public Map<String, JUnitResults.Summary> results(Actor caller, long jobId) {
        jobs.get(caller, jobId);
        Map<String, JUnitResults.Summary> results = new LinkedHashMap<>();
        for (NamedContent file : records.contents(jobId, JUNIT)) {
            try {
                results.put(file.name(), JUnitResults.parse(file.content()));
            } catch (JUnitResults.InvalidJUnit e) {
                results.remove(file.name());
            }
        }
        return results;
    }

    private static String text(String field, String value, int max) {
        if (value == null) {
            throw InvalidField.required(field);
        }
        if (value.isBlank()) {
            throw InvalidField.blank(field);
        }
        return Texts.bounded(field, value, max);
    }

    public static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
