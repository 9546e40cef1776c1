package io.synclane.common.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * When a connection's scheduled syncs fall: hourly at its minute, daily at its hour and minute, weekly on its
 * day of week, monthly on its day of month, in its time zone. The offsets spread connections over the hour
 * instead of firing all of them at :00.
 */
public record ScheduleSlots(Frequency frequency, ZoneId zone, int minute, int hour, int day) {

    public ScheduleSlots {
        if (frequency == Frequency.MANUALLY) {
            throw new IllegalArgumentException("a manual connection has no slots");
        }
    }

    /** The latest slot at or before the instant. */
    public Instant slotAtOrBefore(Instant instant) {
        ZonedDateTime at = instant.atZone(zone);
        ZonedDateTime candidate = switch (frequency) {
            case HOURLY -> at.truncatedTo(ChronoUnit.HOURS).withMinute(minute);
            case DAILY -> at.truncatedTo(ChronoUnit.DAYS).withHour(hour).withMinute(minute);
            case WEEKLY -> at.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.of(weekday())))
                    .withHour(hour).withMinute(minute);
            case MONTHLY -> at.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(day).withHour(hour).withMinute(minute);
            case MANUALLY -> throw new IllegalStateException();
        };
        while (candidate.isAfter(at)) {
            candidate = step(candidate, -1);
        }
        return candidate.toInstant();
    }

    /** The first slot strictly after the instant. */
    public Instant slotAfter(Instant instant) {
        ZonedDateTime next = step(slotAtOrBefore(instant).atZone(zone), 1);
        return next.toInstant();
    }

    /** How many slots fall in {@code (from, to]}: more than one after downtime means slots were missed. */
    public int slotsBetween(Instant from, Instant to) {
        int count = 0;
        for (Instant slot = slotAfter(from); !slot.isAfter(to); slot = slotAfter(slot)) {
            count++;
        }
        return count;
    }

    private ZonedDateTime step(ZonedDateTime slot, int direction) {
        return switch (frequency) {
            case HOURLY -> slot.plusHours(direction);
            case DAILY -> slot.plusDays(direction).withHour(hour).withMinute(minute);
            case WEEKLY -> slot.plusWeeks(direction).withHour(hour).withMinute(minute);
            case MONTHLY -> slot.plusMonths(direction).withDayOfMonth(day).withHour(hour).withMinute(minute);
            case MANUALLY -> throw new IllegalStateException();
        };
    }

    private int weekday() {
        return Math.min(day, 7);
    }
}
