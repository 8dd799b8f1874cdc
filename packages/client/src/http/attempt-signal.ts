/** The signal of one attempt, which aborts on the caller's signal or on the attempt's timeout. */
export interface AttemptSignal {
  signal: AbortSignal;
  /** Reports whether the timeout, not the caller, aborted the attempt. */
  timedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void;
}

/**
 * Creates the signal of one attempt. It is built by hand, not with
 * `AbortSignal.any` and `AbortSignal.timeout`, so that it works in older
 * browsers and so that the client knows which of the two aborted.
 */
export function createAttemptSignal(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;

  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) {
    onCallerAbort();
  } else {
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  }

  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`The attempt timed out after ${timeoutMs} ms.`));
  }, timeoutMs);

  return {
    signal: controller.signal,
    timedOut: () => timedOut && callerSignal?.aborted !== true,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as the
 * signal aborts. This bounds an attempt even when a custom `fetch` or body
 * stream ignores its signal.
 */
export function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }

  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });

    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
