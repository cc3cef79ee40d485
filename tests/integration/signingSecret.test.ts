import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { useApiWorld } from '../support/apiWorld';
import { jwtSecretFor, SECRET_FILE } from '../../scripts/bringup/secret.mjs';

const run = promisify(execFile);

describe('finding 9: the signing secret comes from bring-up, never the source', () => {
  const ctx = useApiWorld();
  const saved = process.env.JWT_SECRET;
  beforeAll(() => {
    delete process.env.JWT_SECRET;
  });
  afterAll(() => {
    if (saved !== undefined) process.env.JWT_SECRET = saved;
  });

  it('npm start keeps one random secret in .data/jwt-secret, readable by its owner only; test and bench get a fresh one per run', () => {
    const first = jwtSecretFor('start');
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(jwtSecretFor('start')).toBe(first);
    expect(statSync(SECRET_FILE).mode & 0o777).toBe(0o600);
    const a = jwtSecretFor('test');
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(jwtSecretFor('test')).not.toBe(a);
    expect(a).not.toBe(first);
  });

  describe('npm run token with the secret npm start generated', () => {
    let dir: string;
    let api: TestApi;
    const secret = randomBytes(48).toString('base64url');
    beforeAll(async () => {
      // A copy of what bring-up leaves behind, in a folder of its own so the real .data is untouched.
      dir = mkdtempSync(join(tmpdir(), 'ap-token-'));
      mkdirSync(join(dir, '.data'));
      writeFileSync(join(dir, '.data', 'jwt-secret'), `${secret}\n`, { mode: 0o600 });
      api = await startTestApi(ctx.db, { JWT_SECRET: secret });
    });
    afterAll(async () => {
      await api?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('issues a token the API started with that secret accepts', async () => {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DATABASE_URL: ctx.db.ownerUrl };
      const { stdout } = await run(
        resolve('node_modules/.bin/tsx'),
        [resolve('scripts/issueToken.ts'), 'laOfficer@test.invalid'],
        { cwd: dir, env },
      );
      const token = stdout.trim();
      expect(token.split('.')).toHaveLength(3);
      expect((await api.gql(token, '{ me { role } }')).data?.me).toEqual({ role: 'LA_OFFICER' });
      // The same token is refused by a service with another secret.
      expect((await ctx.api.gql(token, '{ me { role } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses to print a token when there is no secret at all', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'ap-token-none-'));
      try {
        const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DATABASE_URL: ctx.db.ownerUrl };
        await expect(
          run(resolve('node_modules/.bin/tsx'), [resolve('scripts/issueToken.ts'), 'laOfficer@test.invalid'], {
            cwd: empty,
            env,
          }),
        ).rejects.toMatchObject({
          stderr: expect.stringMatching(/No signing secret/),
        });
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
