import * as tf from "@tensorflow/tfjs";
import { backendHoldsHostData, readFloats, tensorFilledBy } from "@/lib/model/kernels/host-tensor-data";
import { adamwUpdate } from "@/lib/train/optim/adamw-kernel";
import { isNoDecayParameter } from "@/lib/train/optim/weight-decay-exclusion";

export interface AdamWOptions {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Added to √v̂. Default 1e-8 (PyTorch, Hugging Face). */
  epsilon?: number;
  /** Decoupled decay λ: p ← p − lr·λ·p each step. Default 0.01. */
  weightDecay?: number;
  /** True for names that get no decay. Default {@link isNoDecayParameter}. */
  excludeFromDecay?: (name: string) => boolean;
  /**
   * Update in one JavaScript pass per variable, moments in host memory (see adamw-kernel.ts),
   * rather than with a dozen TF.js ops that each allocate a tensor of the variable's size.
   * Default: where the backend keeps tensors in host memory (WASM, CPU); a GPU keeps the ops.
   */
  fused?: boolean;
}

/** Saved moments of one variable, for checkpoints. */
export interface AdamWSlotState {
  name: string;
  /** Updates this variable has received (drives the bias correction). */
  step: number;
  /** First moment, row-major, the variable's size. */
  m: Float32Array;
  /** Second moment, row-major, the variable's size. */
  v: Float32Array;
}

/** Everything needed to resume AdamW exactly: plain arrays, safe to serialise. */
export interface AdamWState {
  slots: AdamWSlotState[];
}

interface Slot {
  variable: tf.Variable;
  /** Moments: TF.js variables, or host arrays when fused. */
  m: tf.Variable | Float32Array;
  v: tf.Variable | Float32Array;
  step: number;
  decays: boolean;
}

/**
 * AdamW (Loshchilov & Hutter 2019) as PyTorch implements it, over named `tf.Variable`s:
 * weight decay is applied to the weights directly (decoupled), not added to the gradient as
 * TF.js's Adam would by L2, so it does not get rescaled by the adaptive denominator.
 * The learning rate is passed per step, so any schedule drives it.
 */
export class AdamW {
  private readonly slots = new Map<string, Slot>();
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly fused: boolean;

  /** @param variables the trainable variables by name (e.g. `BertEncoder.variables`) */
  constructor(variables: ReadonlyMap<string, tf.Variable> | readonly tf.Variable[], options: AdamWOptions = {}) {
    const {
      beta1 = 0.9,
      beta2 = 0.999,
      epsilon = 1e-8,
      weightDecay = 0.01,
      excludeFromDecay = isNoDecayParameter,
      fused = backendHoldsHostData(),
    } = options;
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1))
      throw new Error(`AdamW betas must be in [0, 1), got ${beta1} and ${beta2}`);
    if (!(epsilon > 0 && weightDecay >= 0))
      throw new Error(`AdamW needs epsilon > 0 and weightDecay ≥ 0, got ${epsilon} and ${weightDecay}`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.fused = fused;
    const entries =
      variables instanceof Map
        ? [...variables]
        : (variables as readonly tf.Variable[]).map((v) => [v.name, v] as const);
    for (const [name, variable] of entries) {
      const zeros = () =>
        fused ? new Float32Array(variable.size) : tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
      this.slots.set(name, { variable, m: zeros(), v: zeros(), step: 0, decays: !excludeFromDecay(name) });
    }
  }

  /** Names of the variables this optimiser updates. */
  get names(): string[] {
    return [...this.slots.keys()];
  }

  /**
   * One update of every variable that has a gradient (variables without one are left as they
   * are, moments included). The gradients are read, not disposed.
   * @param grads variable name → gradient of the loss, each of its variable's shape
   * @param learningRate this step's rate (see `learningRateAt`)
   * @param scale multiplies every gradient first (clipping), default 1
   * @throws for a gradient whose name or shape matches no variable
   */
  applyGradients(grads: ReadonlyMap<string, tf.Tensor>, learningRate: number, scale = 1): void {
    this.check(
      [...grads].map(([name, g]) => [name, g.size, g.shape]),
      learningRate,
    );
    for (const [name, grad] of grads) {
      const slot = this.slots.get(name)!;
      if (this.fused) this.fusedUpdate(slot, () => readFloats(grad), scale, learningRate);
      else this.update(slot, grad, scale, learningRate);
    }
  }

  /**
   * {@link applyGradients} with gradients as flat row-major arrays (e.g. views of the shared
   * memory the data-parallel engine reduces into), without making tensors of them when fused.
   */
  applyGradientArrays(grads: ReadonlyMap<string, Float32Array>, learningRate: number, scale = 1): void {
    this.check(
      [...grads].map(([name, g]) => [name, g.length]),
      learningRate,
    );
    for (const [name, grad] of grads) {
      const slot = this.slots.get(name)!;
      if (this.fused) this.fusedUpdate(slot, () => grad, scale, learningRate);
      else tf.tidy(() => this.update(slot, tf.tensor(grad, slot.variable.shape, "float32"), scale, learningRate));
    }
  }

  private check(grads: [string, number, number[]?][], learningRate: number): void {
    if (!(learningRate >= 0 && Number.isFinite(learningRate)))
      throw new Error(`AdamW learning rate must be finite and ≥ 0, got ${learningRate}`);
    for (const [name, size, shape] of grads) {
      const slot = this.slots.get(name);
      if (!slot) throw new Error(`AdamW has no variable "${name}": build it over every variable that gets a gradient`);
      if ((shape && shape.join(",") !== slot.variable.shape.join(",")) || size !== slot.variable.size) {
        throw new Error(`Gradient of "${name}" is [${shape ?? size}] but the variable is [${slot.variable.shape}]`);
      }
    }
  }

  /** One pass in host memory; the variable gets a new tensor (WASM caches packed matmul weights by tensor, so no writing in place). */
  private fusedUpdate(slot: Slot, grad: () => Float32Array, scale: number, lr: number): void {
    slot.step++;
    const constants = {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      learningRate: lr,
      weightDecay: slot.decays ? this.weightDecay : 0,
      step: slot.step,
    };
    // Views are taken inside the fill, after the output is allocated (allocation may move the WASM heap).
    const next = tensorFilledBy([...slot.variable.shape], (out) =>
      adamwUpdate(
        readFloats(slot.variable),
        grad(),
        slot.m as Float32Array,
        slot.v as Float32Array,
        out,
        scale,
        constants,
      ),
    );
    slot.variable.assign(next);
    next.dispose();
  }

  private update(slot: Slot, rawGrad: tf.Tensor, scale: number, lr: number): void {
    const { beta1, beta2, epsilon } = this;
    slot.step++;
    const correction1 = 1 - beta1 ** slot.step;
    const correction2 = 1 - beta2 ** slot.step;
    tf.tidy(() => {
      const grad = scale === 1 ? rawGrad : tf.mul(rawGrad, scale);
      const m = tf.add(tf.mul(slot.m as tf.Variable, beta1), tf.mul(grad, 1 - beta1));
      const v = tf.add(tf.mul(slot.v as tf.Variable, beta2), tf.mul(tf.square(grad), 1 - beta2));
      const direction = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
      const decayed = slot.decays ? tf.mul(slot.variable, 1 - lr * this.weightDecay) : slot.variable;
      slot.variable.assign(tf.sub(decayed, tf.mul(direction, lr)));
      (slot.m as tf.Variable).assign(m);
      (slot.v as tf.Variable).assign(v);
    });
  }

  /** The moments and step counts as plain arrays, for a checkpoint (reads the GPU: a sync point). */
  getState(): AdamWState {
    return {
      slots: [...this.slots].map(([name, slot]) => ({
        name,
        step: slot.step,
        m: slot.m instanceof Float32Array ? slot.m.slice() : Float32Array.from(slot.m.dataSync()),
        v: slot.v instanceof Float32Array ? slot.v.slice() : Float32Array.from(slot.v.dataSync()),
      })),
    };
  }

  /**
   * Restores {@link getState}'s output, so that a resumed run continues exactly where it stopped.
   * @throws when the state and the variables differ in names or sizes; nothing is changed then
   */
  setState(state: AdamWState): void {
    const savedNames = new Set(state.slots.map((s) => s.name));
    const missing = this.names.filter((name) => !savedNames.has(name));
    if (missing.length > 0)
      throw new Error(
        `The optimiser state lacks ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? "…" : ""}: it was saved for another model`,
      );
    for (const saved of state.slots) {
      const slot = this.slots.get(saved.name);
      if (!slot)
        throw new Error(
          `The optimiser state has a variable "${saved.name}" that this model lacks: resume with the same model`,
        );
      if (saved.m.length !== slot.variable.size || saved.v.length !== slot.variable.size) {
        throw new Error(
          `The optimiser state of "${saved.name}" has ${saved.m.length} values but the variable has ${slot.variable.size}`,
        );
      }
    }
    for (const saved of state.slots) {
      const slot = this.slots.get(saved.name)!;
      slot.step = saved.step;
      if (slot.m instanceof Float32Array && slot.v instanceof Float32Array) {
        slot.m.set(saved.m);
        slot.v.set(saved.v);
        continue;
      }
      tf.tidy(() => {
        (slot.m as tf.Variable).assign(tf.tensor(saved.m, slot.variable.shape, "float32"));
        (slot.v as tf.Variable).assign(tf.tensor(saved.v, slot.variable.shape, "float32"));
      });
    }
  }

  /** Frees the moments (not the variables, which belong to the model). */
  dispose(): void {
    for (const slot of this.slots.values()) {
      if (!(slot.m instanceof Float32Array)) slot.m.dispose();
      if (!(slot.v instanceof Float32Array)) slot.v.dispose();
    }
    this.slots.clear();
  }
}
