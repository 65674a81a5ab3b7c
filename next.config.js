/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native binaries and wasm loaded from node_modules at run time, never bundled; pg-boss and
  // prom-client are plain Node packages that keep process-wide state, loaded as they are.
  serverExternalPackages: ['@prisma/schema-engine-wasm', 'pg-boss', 'prom-client'],
  // forbidden() renders src/app/forbidden.tsx with a 403 for signed-in users without the role.
  experimental: { authInterrupts: true },
};

export default nextConfig;
