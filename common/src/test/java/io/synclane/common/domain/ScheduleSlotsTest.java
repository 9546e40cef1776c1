package io.synclane.common.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleSlotsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void hourlySlotsFallAtTheConnectionsMinute() {
        ScheduleSlots slots = new ScheduleSlots(Frequency.HOURLY, UTC, 17, 0, 1);
        assertEquals(Instant.parse("2026-11-24T12:17:00Z"), slots.slotAtOrBefore(Instant.parse("2026-11-24T13:05:00Z")));
        assertEquals(Instant.parse("2026-11-24T13:17:00Z"), slots.slotAfter(Instant.parse("2026-11-24T13:05:00Z")));
        assertEquals(Instant.parse("2026-11-24T14:17:00Z"), slots.slotAfter(Instant.parse("2026-11-24T13:17:00Z")));
    }

    @Test
    void dailySlotsFollowTheTimeZoneAcrossDaylightSaving() {
        ScheduleSlots slots = new ScheduleSlots(Frequency.DAILY, ZoneId.of("Europe/Berlin"), 30, 2, 1);
        // 2026-10-25: Berlin leaves summer time; 02:30 local is 00:30Z before and 01:30Z after.
        assertEquals(Instant.parse("2026-10-24T00:30:00Z"), slots.slotAfter(Instant.parse("2026-10-23T12:00:00Z")));
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), slots.slotAfter(Instant.parse("2026-10-25T12:00:00Z")));
    }

    @Test
    void weeklySlotsFallOnTheirWeekdayAndMonthlyOnTheirDay() {
        ScheduleSlots weekly = new ScheduleSlots(Frequency.WEEKLY, UTC, 0, 6, 3);
        // 2026-11-24 is a Tuesday; day 3 is Wednesday.
        assertEquals(Instant.parse("2026-11-25T06:00:00Z"), weekly.slotAfter(Instant.parse("2026-11-24T10:00:00Z")));
        assertEquals(Instant.parse("2026-12-02T06:00:00Z"), weekly.slotAfter(Instant.parse("2026-11-25T06:00:00Z")));
        ScheduleSlots monthly = new ScheduleSlots(Frequency.MONTHLY, UTC, 0, 0, 28);
        assertEquals(Instant.parse("2027-02-28T00:00:00Z"), monthly.slotAfter(Instant.parse("2027-01-28T00:00:00Z")));
        assertEquals(Instant.parse("2026-10-28T00:00:00Z"), monthly.slotAtOrBefore(Instant.parse("2026-11-01T00:00:00Z")));
    }

    @Test
    void missedSlotsAreCounted() {
        ScheduleSlots hourly = new ScheduleSlots(Frequency.HOURLY, UTC, 0, 0, 1);
        assertEquals(5, hourly.slotsBetween(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-24T05:00:00Z")));
        assertEquals(0, hourly.slotsBetween(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-24T00:59:00Z")));
    }

    @Test
    void aManualConnectionHasNoSlots() {
        assertThrows(IllegalArgumentException.class, () -> new ScheduleSlots(Frequency.MANUALLY, UTC, 0, 0, 1));
    }
}
