import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { EVAL_PAGES, securityHeaders } from "./lib/web/security-headers";

const dev = process.env.NODE_ENV !== "production";

const nextConfig: NextConfig = {
  // Native addons must be loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "hnswlib-node",
    "onnxruntime-node",
    "@huggingface/transformers",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
    "cognate-blas-matmul",
    // Database and store clients: loaded by Node as they are (pg is on Next's own list).
    "ioredis",
    "rate-limiter-flexible",
    "pg-boss",
  ],
  // Server actions only take short forms (a corpus name, a confirmation); uploads go through the
  // API with their own streaming cap. Next.js buffers an action's body up to this size.
  experimental: { serverActions: { bodySizeLimit: "64kb" } },
  // `npm test` type-checks the whole project (tests included); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Security headers on every answer; a later entry for the same header wins, so regl pages get eval.
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders({ dev }) },
      ...EVAL_PAGES.map((source) => ({ source, headers: securityHeaders({ dev, allowEval: true }).slice(0, 1) })),
    ];
  },
  poweredByHeader: false,
};

// The interface language comes from i18n/request.ts (cookie or Accept-Language); URLs carry no locale.
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
