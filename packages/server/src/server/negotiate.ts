import type { BodyFormat } from "@plex-security/client/protocol";

/**
 * Chooses the response format from an `Accept` header: JSON when it lists
 * `application/json` with a non-zero quality, XML otherwise, as PMS does.
 */
export function negotiateFormat(accept: string | string[] | undefined): BodyFormat {
  const header = Array.isArray(accept) ? accept.join(",") : accept;
  if (!header) return "xml";

  for (const range of header.split(",")) {
    const [mediaType, ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    if (mediaType !== "application/json") continue;

    const quality = parameters.find((parameter) => parameter.startsWith("q="));
    if (quality === undefined || Number(quality.slice(2)) > 0) return "json";
  }

  return "xml";
}
