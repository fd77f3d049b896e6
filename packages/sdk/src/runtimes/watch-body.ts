/**
 * Knowing when a response body has been read to its end, so that spans
 * which end while a stream is still being written are delivered too.
 */

/** The response to return, and when its body is over. */
export interface WatchedBody {
  response: Response;
  done: Promise<void>;
}

/** A macrotask after the body ends, for spans ended right after `close()`. */
const SETTLE_DELAY_MS = 0;

/**
 * Returns a response that streams the same bytes, and a promise that
 * resolves once its body has ended, failed or been cancelled by the
 * client, one macrotask later. Never rejects. A response without a body,
 * or a WebSocket upgrade, is returned as it is, already done.
 */
export function watchBody(response: Response): WatchedBody {
  const source = response.body;
  const socket = (response as { webSocket?: unknown }).webSocket;
  const upgrade = response.status === 101 || Boolean(socket);
  if (!source || upgrade) return { response, done: Promise.resolve() };

  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = () => setTimeout(resolve, SETTLE_DELAY_MS);
  });
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (!chunk.done) return controller.enqueue(chunk.value);
        controller.close();
      } catch (error) {
        controller.error(error);
      }
      finish();
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason).catch(() => undefined);
    },
  });
  return { response: new Response(body, response), done };
}
