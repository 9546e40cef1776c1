package io.synclane.api.service;

/** Which jobs of a team to list; null means any. */
public record JobCriteria(Long projectId, Boolean terminal, Boolean manual, Boolean succeeded, Long connectionId,
        Long userId) {
}
