import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { startApi } from './services';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(2);
}
const log = createLogger(config.LOG_LEVEL);
const api = await startApi(config, log);
log.info({ url: `${api.url}/graphql` }, 'AP Movement Tracker API listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining HTTP, closing connections');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await api.close();
    log.info('API stopped');
    process.exit(0);
  });
}
