import { startGatewaySandbox } from './app';
import { GatewayConfigError, loadGatewayConfig } from './config';

/*
 * `npm run gateway`: the payment gateway sandbox alone (flags and variables in
 * gateway-sandbox/config.ts). Prints one machine-readable line,
 *   GATEWAY_READY {"url":"http://127.0.0.1:8790"}
 * once it listens, then serves until SIGINT or SIGTERM. State lives in memory only.
 */
let options;
try {
  options = loadGatewayConfig(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof GatewayConfigError)) throw e;
  console.error(`gateway sandbox: ${e.message}`);
  process.exit(2);
}
const sandbox = await startGatewaySandbox(options);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error(`Received ${signal}; stopping the gateway sandbox…`);
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

console.log(`GATEWAY_READY ${JSON.stringify({ url: sandbox.url })}`);
