/** Waiting in tests: for a condition (bounded), and for a free port on 127.0.0.1. */
import net, { type AddressInfo } from 'node:net';

const STEP_MS = 100;
const DEFAULT_LIMIT_MS = 60_000;

/** Poll `condition` until it holds; throw "timed out waiting for <what>" after `limitMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = DEFAULT_LIMIT_MS, stepMs = STEP_MS): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
