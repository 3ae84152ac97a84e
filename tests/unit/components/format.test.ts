import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDuration } from "@/components/ui/format";

// Noon UTC: the same calendar day in every time zone from UTC-11 to UTC+11.
const MARCH_3 = Date.UTC(2026, 2, 3, 12, 5);

describe("dates in the reader's language", () => {
  it("writes English day-first, as before", () => {
    expect(formatDate(MARCH_3, "en")).toBe("3 Mar 2026");
    expect(formatDateTime(MARCH_3, "en")).toMatch(/^3 Mar 2026, \d{2}:\d{2}$/);
  });

  it("writes Simplified Chinese year first with 年月日", () => {
    expect(formatDate(MARCH_3, "zh-CN")).toBe("2026年3月3日");
    expect(formatDateTime(MARCH_3, "zh-CN")).toMatch(/^2026年3月3日 \d{2}:\d{2}$/);
  });

  it("shows the same clock time in both languages", () => {
    const clock = (s: string) => s.match(/\d{2}:\d{2}$/)?.[0];
    expect(clock(formatDateTime(MARCH_3, "zh-CN"))).toBe(clock(formatDateTime(MARCH_3, "en")));
  });
});

describe("durations in the reader's language", () => {
  it("keeps the English abbreviations", () => {
    expect(formatDuration(12.4, "en")).toBe("12 s");
    expect(formatDuration(0.2, "en")).toBe("1 s");
    expect(formatDuration(180, "en")).toBe("3 min");
    expect(formatDuration(80 * 60, "en")).toBe("1 h 20 min");
    expect(formatDuration(2 * 3600, "en")).toBe("2 h");
  });

  it("writes the Chinese units", () => {
    expect(formatDuration(12.4, "zh-CN")).toBe("12 秒");
    expect(formatDuration(180, "zh-CN")).toBe("3 分钟");
    expect(formatDuration(80 * 60, "zh-CN")).toBe("1 小时 20 分钟");
    expect(formatDuration(2 * 3600, "zh-CN")).toBe("2 小时");
  });

  it("reads an unknown or impossible duration as a dash, and other locales in English units", () => {
    expect(formatDuration(Number.NaN, "zh-CN")).toBe("–");
    expect(formatDuration(-1, "en")).toBe("–");
    expect(formatDuration(180, "fr")).toBe("3 min");
  });
});
