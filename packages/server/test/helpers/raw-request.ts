import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends one request with node:http, so that the path and query go on the
 * wire exactly as given (fetch would normalise broken percent-encoding).
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
  timeoutMs = 5000,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);

  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, method, path, headers, agent: false, timeout: timeoutMs }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on("error", reject);
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no response within ${timeoutMs} ms`)));
    outgoing.on("error", reject);
    outgoing.end();
  });
}
