import { ATTR, modelProtoType, ONNX_FLOAT, ONNX_INT64, ONNX_INT8 } from "@/lib/model/onnx/onnx-proto";

/** An attribute value with its ONNX type made explicit (a JS number cannot say int or float). */
export type AttrValue =
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "ints"; value: number[] }
  | { type: "string"; value: string };

export const int = (value: number): AttrValue => ({ type: "int", value });
export const float = (value: number): AttrValue => ({ type: "float", value });
export const ints = (value: number[]): AttrValue => ({ type: "ints", value });

/** A dimension of a graph input or output: fixed size or a symbolic name such as `batch`. */
export type Dim = number | string;

interface NodeRecord {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  domain: string;
  attribute: Record<string, unknown>[];
}

function attributeProto(name: string, a: AttrValue): Record<string, unknown> {
  switch (a.type) {
    case "int":
      return { name, type: ATTR.INT, i: a.value };
    case "float":
      return { name, type: ATTR.FLOAT, f: a.value };
    case "ints":
      return { name, type: ATTR.INTS, ints: a.value };
    case "string":
      return { name, type: ATTR.STRING, s: new TextEncoder().encode(a.value) };
  }
}

function valueInfo(name: string, elemType: number, dims: Dim[]) {
  const dim = dims.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}

function bytesOf(data: Float32Array | BigInt64Array | Int8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Accumulates an ONNX graph (nodes in topological order, initializers, typed inputs and
 * outputs) and serialises it as a `ModelProto`. Value names are generated and unique.
 */
export class OnnxGraphBuilder {
  private readonly nodes: NodeRecord[] = [];
  private readonly initializers: Record<string, unknown>[] = [];
  private readonly inputs: ReturnType<typeof valueInfo>[] = [];
  private readonly outputs: ReturnType<typeof valueInfo>[] = [];
  private readonly constants = new Map<string, string>();
  private counter = 0;

  /** Declares a graph input; returns its name. */
  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds a float32 initializer (little-endian raw data, as ONNX requires); returns its name. */
  floatTensor(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push({ name, dims, data_type: ONNX_FLOAT, raw_data: bytesOf(data) });
    return name;
  }

  /** Adds an int8 initializer (quantised weights); returns its name. */
  int8Tensor(name: string, dims: number[], data: Int8Array): string {
    this.initializers.push({ name, dims, data_type: ONNX_INT8, raw_data: bytesOf(data) });
    return name;
  }

  /** A shared float32 constant of the given shape (`[]` for a scalar), deduplicated by value. */
  floatConst(values: number[], dims: number[] = []): string {
    return this.constant("f", values, dims, () =>
      this.floatTensor(this.fresh("const_f"), dims, Float32Array.from(values)),
    );
  }

  /** A shared int64 constant (shapes, axes, indices), deduplicated by value. */
  int64Const(values: number[], dims: number[] = [values.length]): string {
    return this.constant("i", values, dims, () => {
      const name = this.fresh("const_i");
      const data = BigInt64Array.from(values.map((v) => BigInt(v)));
      this.initializers.push({ name, dims, data_type: ONNX_INT64, raw_data: bytesOf(data) });
      return name;
    });
  }

  private constant(kind: string, values: number[], dims: number[], make: () => string): string {
    const key = `${kind}:${dims.join("x")}:${values.join(",")}`;
    let name = this.constants.get(key);
    if (!name) {
      name = make();
      this.constants.set(key, name);
    }
    return name;
  }

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  /**
   * Appends a node with one output. `outputName` names the result (graph outputs need a
   * fixed name); otherwise a unique one is generated from the op type.
   */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputName?: string): string {
    return this.nodeOf({ opType, inputs, attrs, outputs: 1, outputName })[0];
  }

  /**
   * Appends a node of any domain (`""` is standard ONNX, `"com.microsoft"` onnxruntime's contrib
   * ops) with `outputs` generated output names; `outputName` names the first. An empty input
   * name skips an optional input. Returns the output names.
   */
  nodeOf(spec: {
    opType: string;
    inputs: string[];
    attrs?: Record<string, AttrValue>;
    domain?: string;
    outputs?: number;
    outputName?: string;
  }): string[] {
    const { opType, inputs, attrs = {}, domain = "", outputs = 1, outputName } = spec;
    const output = Array.from({ length: outputs }, (_, i) => (i === 0 && outputName ? outputName : this.fresh(opType)));
    this.nodes.push({
      input: inputs,
      output,
      name: `${opType}_${this.nodes.length}`,
      op_type: opType,
      domain,
      attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
    });
    return output;
  }

  /**
   * Serialises the graph as a model for the default ONNX domain at `opset`, importing
   * `com.microsoft` (version 1) too when a node uses it.
   */
  toBytes(options: {
    opset: number;
    irVersion: number;
    graphName: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    const contrib = this.nodes.some((n) => n.domain === "com.microsoft")
      ? [{ domain: "com.microsoft", version: 1 }]
      : [];
    const model = {
      ir_version: options.irVersion,
      opset_import: [{ domain: "", version: options.opset }, ...contrib],
      producer_name: "cognate",
      producer_version: "1",
      graph: {
        node: this.nodes,
        name: options.graphName,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadata_props: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
    const type = modelProtoType();
    const invalid = type.verify(model);
    if (invalid) throw new Error(`Internal error: the ONNX model does not match the schema (${invalid})`);
    return type.encode(type.fromObject(model)).finish();
  }
}
