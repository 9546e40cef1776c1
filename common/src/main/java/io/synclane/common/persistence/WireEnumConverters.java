package io.synclane.common.persistence;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Frequency;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.VerificationStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores enums as the API spells them ({@code pre-run}, {@code analysis}), which the schema's CHECKs expect. */
public final class WireEnumConverters {
    private WireEnumConverters() {
    }

    @Converter(autoApply = true)
    public static class JobStatusConverter implements AttributeConverter<JobStatus, String> {
        @Override
        public String convertToDatabaseColumn(JobStatus value) {
            return value == null ? null : value.wire();
        }

        @Override
        public JobStatus convertToEntityAttribute(String value) {
            return value == null ? null : JobStatus.fromWire(value);
        }
    }

    @Converter(autoApply = true)
    public static class ConnectionKindConverter implements AttributeConverter<ConnectionKind, String> {
        @Override
        public String convertToDatabaseColumn(ConnectionKind value) {
            return value == null ? null : value.wire();
        }

        @Override
        public ConnectionKind convertToEntityAttribute(String value) {
            return value == null ? null : ConnectionKind.fromWire(value);
        }
    }

    @Converter(autoApply = true)
    public static class FrequencyConverter implements AttributeConverter<Frequency, String> {
        @Override
        public String convertToDatabaseColumn(Frequency value) {
            return value == null ? null : value.wire();
        }

        @Override
        public Frequency convertToEntityAttribute(String value) {
            return value == null ? null : Frequency.parse(value).orElseThrow();
        }
    }

    @Converter(autoApply = true)
    public static class VerificationStatusConverter implements AttributeConverter<VerificationStatus, String> {
        @Override
        public String convertToDatabaseColumn(VerificationStatus value) {
            return value == null ? null : value.wire();
        }

        @Override
        public VerificationStatus convertToEntityAttribute(String value) {
            return value == null ? null : VerificationStatus.fromWire(value);
        }
    }
}
