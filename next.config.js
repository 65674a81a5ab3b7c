/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native binaries and wasm loaded from node_modules at run time, never bundled.
  serverExternalPackages: ['@prisma/schema-engine-wasm'],
};

export default nextConfig;
