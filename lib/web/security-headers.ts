/**
 * Response headers for every page and API answer (applied in next.config.ts).
 * Scripts: Next.js hydrates with inline scripts, so 'unsafe-inline' stays until pages use nonces;
 * everything else is same-origin only, nothing may frame Cognate, and MIME types are not sniffed.
 */
export function securityHeaders(options: { dev: boolean; allowEval?: boolean }): { key: string; value: string }[] {
  const script = ["'self'", "'unsafe-inline'", ...(options.dev || options.allowEval ? ["'unsafe-eval'"] : [])];
  const csp = [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}

/**
 * Pages that draw with regl (WebGL), which compiles its shaders' JavaScript with Function():
 * they get 'unsafe-eval' and nothing else does. Add a page here when it uses regl.
 */
export const EVAL_PAGES = ["/corpora/:id/clusters", "/corpora/:id/clusters/:path*", "/explore/:path*"];
