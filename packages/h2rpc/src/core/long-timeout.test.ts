import { afterEach, expect, test, vi } from "vitest";
import { setLongTimeout } from "./long-timeout.js";

afterEach(() => {
  vi.useRealTimers();
});

test("a delay beyond setTimeout's range does not fire early, and fires at its time", () => {
  vi.useFakeTimers();
  const fired = vi.fn();
  const thirtyDaysMs = 30 * 24 * 3600 * 1000;
  setLongTimeout(fired, thirtyDaysMs);
  vi.advanceTimersByTime(1000);
  expect(fired).not.toHaveBeenCalled();
  vi.advanceTimersByTime(thirtyDaysMs - 1001);
  expect(fired).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(fired).toHaveBeenCalledOnce();
});

test("clear stops a chained timer", () => {
  vi.useFakeTimers();
  const fired = vi.fn();
  const t = setLongTimeout(fired, 2 ** 32);
  vi.advanceTimersByTime(2 ** 31);
  t.clear();
  vi.advanceTimersByTime(2 ** 32);
  expect(fired).not.toHaveBeenCalled();
});

test("short delays behave like setTimeout", () => {
  vi.useFakeTimers();
  const fired = vi.fn();
  setLongTimeout(fired, 10);
  vi.advanceTimersByTime(10);
  expect(fired).toHaveBeenCalledOnce();
});
