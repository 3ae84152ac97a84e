import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from "@tensorflow/tfjs";

const overridden = new Set<string>();

/**
 * Replaces the WASM backend's kernel `kernelName` by `make(original)`, where `original` is
 * the backend's own kernel function (to fall back on for the cases the new one leaves).
 * Call after `@tensorflow/tfjs-backend-wasm` has been imported (its import registers the
 * originals); idempotent per kernel name.
 */
export function overrideWasmKernel(kernelName: string, make: (original: KernelFunc | undefined) => KernelFunc): void {
  if (overridden.has(kernelName)) return;
  const existing = getKernel(kernelName, "wasm");
  if (existing) unregisterKernel(kernelName, "wasm");
  const config: KernelConfig = { ...existing, kernelName, backendName: "wasm", kernelFunc: make(existing?.kernelFunc) };
  registerKernel(config);
  overridden.add(kernelName);
}
