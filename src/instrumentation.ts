/**
 * Runs once when the Next server starts. Node-only work lives in ./instrumentation-node.ts so the
 * edge bundle never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./instrumentation-node');
    await startServer();
  }
}
