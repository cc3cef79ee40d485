import pino from 'pino';

// Pupil names and tokens must never reach the logs.
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    base: { service: 'ap-movement-tracker' },
    redact: {
      paths: ['req.headers.authorization', '*.firstName', '*.lastName', '*.dateOfBirth', 'token'],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
