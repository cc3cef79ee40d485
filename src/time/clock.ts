/**
 * The one clock. "Today" is the date in England (Europe/London): what "school day", "overdue" and
 * "in the future" mean to an LA. Everything that needs the date takes it from an injected Clock
 * (services and request context), so tests can set the time and nothing reads UTC midnight by mistake.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Today's date in England, YYYY-MM-DD. */
  today(): string;
}

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/London calendar date of an instant (BST/GMT handled by the time zone database). */
export function londonDateOf(instant: Date): string {
  return LONDON_DATE.format(instant);
}

export function clockFrom(now: () => Date): Clock {
  return { now, today: () => londonDateOf(now()) };
}

export const systemClock: Clock = clockFrom(() => new Date());

/** A clock a test can move; starts at the given instant. */
export function settableClock(start: Date | string): Clock & { set(instant: Date | string): void } {
  let current = new Date(start);
  return {
    ...clockFrom(() => new Date(current)),
    set: (instant) => {
      current = new Date(instant);
    },
  };
}
