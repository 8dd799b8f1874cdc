import { raceWithSignal } from "./attempt-signal.js";

/** A response body read up to a size limit. */
export interface CappedBody {
  /** The body decoded as UTF-8, at most `maxBytes` of it. */
  text: string;
  /** The body was larger than `maxBytes`, and the rest was not read. */
  truncated: boolean;
}

/**
 * Reads a response body as UTF-8 text, stopping after `maxBytes` bytes and
 * cancelling the rest of the stream, so that a huge body cannot exhaust
 * memory. A `Content-Length` above the limit stops the read before it starts.
 */
export async function readCappedBody(response: Response, maxBytes: number, signal: AbortSignal): Promise<CappedBody> {
  const declaredLength = Number(response.headers.get("content-length"));
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { text: "", truncated: true };
  }
  if (response.body === null) return { text: "", truncated: false };

  const reader = response.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let text = "";
  let receivedBytes = 0;

  try {
    for (;;) {
      const { done, value } = await raceWithSignal(reader.read(), signal);
      if (done) break;

      const room = maxBytes - receivedBytes;
      receivedBytes += value.byteLength;
      if (value.byteLength > room) {
        text += decoder.decode(value.subarray(0, room), { stream: true });
        await reader.cancel().catch(() => undefined);
        return { text: text + decoder.decode(), truncated: true };
      }

      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }

  return { text: text + decoder.decode(), truncated: false };
}
