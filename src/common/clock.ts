/**
 * The time the rules see (loan due times, overdue, escalation). Injected so a test can move it; the
 * database's own `now()` still stamps rows that are not judged against a deadline.
 */
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock a test sets and advances by hand. */
export class ManualClock extends Clock {
  constructor(private current = new Date()) {
    super();
  }

  override now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date): void {
    this.current = new Date(at.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
