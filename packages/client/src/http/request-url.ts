/**
 * Builds the URL of a request from the base URL, a path relative to it and
 * query parameters. Parameters whose value is `undefined` are left out, so
 * that `undefined` and `null` are never sent as strings.
 */
export function buildRequestURL(
  baseURL: URL,
  path: string,
  query: Readonly<Record<string, string | undefined>> = {},
): URL {
  const url = new URL(path.replace(/^\/+/, ""), baseURL);

  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;

    url.searchParams.append(name, value);
  }

  return url;
}
