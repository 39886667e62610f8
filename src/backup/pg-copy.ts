import { once } from 'node:events';
import { Readable } from 'node:stream';
import type pg from 'pg';

/*
 * COPY … TO STDOUT and COPY … FROM STDIN over a `pg` client, streamed: the client takes any object with
 * a submit(connection) method and hands it the protocol messages (what pg-copy-streams does, in the few
 * lines Khlang needs, so that a table never has to fit in memory).
 */

/** The connection `pg` hands a submitted query, with the COPY messages its typings leave out. */
type Connection = pg.Connection & {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
};

/** "COPY 123" → 123. */
function rowsOf(message: { text?: string }): number {
  return Number(/(\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
}

/**
 * The rows of `COPY (…) TO STDOUT`, as a stream of the server's bytes. While the reader is behind, the
 * socket is paused, so a large table flows through at the reader's pace.
 */
export class CopyOut extends Readable {
  /** Rows the server reported, once the stream has ended. */
  rows = 0;
  private connection?: Connection;

  constructor(private readonly text: string) {
    super({ highWaterMark: 1 << 20 });
  }

  submit(connection: pg.Connection): void {
    this.connection = connection as Connection;
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    // A reader that gave up (destroyed the stream) lets the rest of the COPY drain past unread.
    if (this.destroyed) return;
    // The chunk is a view into pg's receive buffer, which the next socket read overwrites: copy it.
    if (!this.push(Buffer.from(message.chunk))) this.connection?.stream.pause();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = rowsOf(message);
  }

  handleReadyForQuery(): void {
    this.connection?.stream.resume();
    this.push(null);
  }

  handleError(err: Error): void {
    this.connection?.stream.resume();
    this.destroy(err);
  }

  handleCopyInResponse(connection: Connection): void {
    connection.sendCopyFail('not a COPY FROM');
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  override _read(): void {
    this.connection?.stream.resume();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.connection?.stream.resume();
    callback(err);
  }
}

/** Streams the rows of one query in COPY text format. */
export function copyOut(client: pg.ClientBase, text: string): CopyOut {
  return client.query(new CopyOut(text));
}

/** A promise with its settle functions, and a no-op catch so a failure nobody awaits yet is not "unhandled". */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * `COPY … FROM STDIN`: write() the bytes, end() for the row count. A server error (a constraint, a bad
 * value) rejects the next write() or the end(); after one, the server ignores what is still sent.
 */
export class CopyIn {
  private connection?: Connection;
  private readonly ready = deferred<void>();
  private readonly done = deferred<number>();
  private rows = 0;
  private settled = false;

  constructor(private readonly text: string) {}

  submit(connection: pg.Connection): void {
    this.connection = connection as Connection;
    connection.query(this.text);
  }

  handleCopyInResponse(): void {
    this.ready.resolve();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = rowsOf(message);
  }

  handleReadyForQuery(): void {
    this.settled = true;
    this.ready.reject(new Error('COPY FROM STDIN ended before it started'));
    this.done.resolve(this.rows);
  }

  handleError(err: Error): void {
    this.settled = true;
    this.ready.reject(err);
    this.done.reject(err);
  }

  handleCopyData(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  async write(chunk: Buffer): Promise<void> {
    await this.ready.promise;
    const connection = this.connection!;
    connection.sendCopyFromChunk(chunk);
    if (connection.stream.writableNeedDrain) await Promise.race([once(connection.stream, 'drain'), this.done.promise]);
  }

  async end(): Promise<number> {
    await this.ready.promise;
    this.connection!.endCopyFrom();
    return this.done.promise;
  }

  /** Ends a COPY the caller cannot finish (CopyFail), so the connection is free for the ROLLBACK. */
  async abort(reason: string): Promise<void> {
    if (this.settled) return;
    const started = await this.ready.promise.then(() => true, () => false);
    if (started && !this.settled) this.connection!.sendCopyFail(reason);
    await this.done.promise.catch(() => undefined);
  }
}

/** Starts `COPY … FROM STDIN` on the client; the caller writes the rows and ends it. */
export function copyIn(client: pg.ClientBase, text: string): CopyIn {
  const copy = new CopyIn(text);
  client.query(copy);
  return copy;
}
