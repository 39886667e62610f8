import type { LoggerService } from '@nestjs/common';
import { LOG_LEVELS, type LogLevel } from '../config/config.js';

/** Structured JSON lines on stdout (one object per line), the shape log collectors expect. */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(level: LogLevel = 'info') {
    this.threshold = LOG_LEVELS.indexOf(level);
  }

  private write(level: Exclude<LogLevel, 'silent'>, message: unknown, context?: string, extra?: Record<string, unknown>) {
    if (LOG_LEVELS.indexOf(level) > this.threshold) return;
    const line: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) line.context = context;
    if (message instanceof Error) {
      line.msg = message.message;
      line.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(line, message);
    } else {
      line.msg = String(message);
    }
    if (extra) Object.assign(line, extra);
    process.stdout.write(JSON.stringify(line) + '\n');
  }

  /** Nest passes (message, ...optionalParams) with the context last. */
  private split(params: unknown[]): { context?: string; extra?: Record<string, unknown> } {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = params.find((p) => typeof p === 'string' && p.includes('\n    at '));
    return { context, extra: stack ? { stack } : undefined };
  }

  log(message: unknown, ...params: unknown[]) {
    const { context, extra } = this.split(params);
    this.write('info', message, context, extra);
  }
  error(message: unknown, ...params: unknown[]) {
    const { context, extra } = this.split(params);
    this.write('error', message, context, extra);
  }
  warn(message: unknown, ...params: unknown[]) {
    const { context, extra } = this.split(params);
    this.write('warn', message, context, extra);
  }
  debug(message: unknown, ...params: unknown[]) {
    const { context, extra } = this.split(params);
    this.write('debug', message, context, extra);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.debug(message, ...params);
  }
}
