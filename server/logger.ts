import pino from 'pino';

/** One JSON logger for the process; LOG_LEVEL is read here so that every module can import it. */
export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.VITEST ? 'silent' : 'info'),
  base: undefined,
  redact: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.token'],
});
