import { createServer } from "node:net";

/** Returns the URL of a port on 127.0.0.1 that was free a moment ago and is closed now. */
export async function closedPortURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));

  return `http://127.0.0.1:${port}`;
}
