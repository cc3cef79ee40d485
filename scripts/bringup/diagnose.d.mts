// Types for diagnose.mjs (bring-up is plain JavaScript: it runs before `npm install`).
export interface Problem {
  cause: string;
  fix: string;
}
export interface RedisDiagnosis {
  reachable: boolean;
  why?: string;
  problems: Problem[];
  warnings: string[];
  version?: string;
  role?: string;
  dir?: string | null;
}
export const REDIS_MIN_VERSION: string;
export const REDIS_RECOMMENDED_VERSION: string;
export const PG_MIN_VERSION_NUM: number;
export function redisCommands(
  url: string,
  commands: string[][],
  timeoutMs?: number,
): Promise<{ replies?: unknown[]; unreachable?: string }>;
export function versionLower(a: string, b: string): boolean;
export function diagnoseRedis(url: string): Promise<RedisDiagnosis>;
export function explainPgConnectFailure(url: string, why: string, variable?: string): Problem | null;
export function diagnosePostgres(url: string, variable?: string): Promise<Problem[]>;
export function describeProblems(problems: Problem[]): string;
