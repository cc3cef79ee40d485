// Types for the parts of redis.mjs the tests use.
export function fromEnv(): Promise<{ kind: 'env'; url: string } | null>;
export function persistentRedisDir(port?: number): string;
