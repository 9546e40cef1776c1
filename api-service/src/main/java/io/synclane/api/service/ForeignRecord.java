package io.synclane.api.service;

/**
 * The record exists but belongs to another team. A face that reads answers as for {@link NotFound} (another team's
 * record is invisible); one that tells a refused write apart (DCI: 401) may.
 */
public class ForeignRecord extends NotFound {
}
