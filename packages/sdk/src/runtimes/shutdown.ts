/**
 * Last-chance hooks for runtimes that announce an idle exit (Bun's
 * `beforeExit`, Deno's `beforeunload`): each hook sends what is pending
 * with one attempt. With nothing pending a hook starts no I/O, so the
 * program exits on the next announcement.
 */

/** The `onShutdown` of a platform, listening through `listen` on first use. */
export function shutdownHooks(
  listen: (run: () => void) => void,
): (hook: () => Promise<unknown>) => () => void {
  const hooks = new Set<() => Promise<unknown>>();
  let listening = false;
  const run = () => {
    for (const hook of hooks) void hook().catch(() => undefined);
  };
  return (hook) => {
    hooks.add(hook);
    if (!listening) {
      listening = true;
      listen(run);
    }
    return () => {
      hooks.delete(hook);
    };
  };
}
