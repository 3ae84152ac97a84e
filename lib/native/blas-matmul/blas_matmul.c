/*
 * cognate-blas-matmul: float32 matrix products for TensorFlow.js's WASM backend on OpenBLAS.
 *
 * The WASM backend keeps tensors in its module's heap (a WebAssembly.Memory); the JavaScript
 * side passes Float32Array views of that heap, so `cblas_sgemm` reads and writes tensor memory
 * in place, without a copy. Each training worker thread is a data-parallel replica that owns a
 * core, so OpenBLAS runs one thread per call (set once at load) instead of competing with the
 * other replicas. The module is context-aware (NAPI_MODULE_INIT) and keeps no state of its
 * own, so several worker threads can load and call it at once. GELU (gelu.c) and AdamW
 * (adamw.c) ride along.
 */
#include "addon.h"
#include <cblas.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* OpenBLAS's own API, declared here so that any cblas.h (Debian's, Fedora's) will do. */
void openblas_set_num_threads(int num_threads);
char *openblas_get_config(void);

#define ARGC 12

bool float_array(napi_env env, napi_value value, const char *name, float **data, size_t *length) {
  bool is_typed = false;
  napi_typedarray_type type;
  void *raw = NULL;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok || type != napi_float32_array) {
    char message[96];
    snprintf(message, sizeof message, "%s must be a Float32Array", name);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  *data = (float *)raw;
  return true;
}

bool count_arg(napi_env env, napi_value value, const char *name, size_t *out) {
  int64_t v = -1;
  if (napi_get_value_int64(env, value, &v) != napi_ok || v < 0 || v > 0x7fffffff) {
    char message[96];
    snprintf(message, sizeof message, "%s must be a non-negative 32-bit integer", name);
    napi_throw_range_error(env, NULL, message);
    return false;
  }
  *out = (size_t)v;
  return true;
}

bool long_enough(napi_env env, size_t have, size_t need, const char *name) {
  if (have >= need) return true;
  char message[128];
  snprintf(message, sizeof message, "%s holds %zu floats, %zu needed", name, have, need);
  napi_throw_range_error(env, NULL, message);
  return false;
}

/* x · y · z, or a RangeError when it overflows (sizes checked against the views must not wrap). */
static bool product3(napi_env env, size_t x, size_t y, size_t z, size_t *out) {
  size_t xy;
  if (!__builtin_mul_overflow(x, y, &xy) && !__builtin_mul_overflow(xy, z, out)) return true;
  napi_throw_range_error(env, NULL, "sgemm: the shapes' sizes overflow");
  return false;
}

/*
 * c = op(a) · op(b) + beta · c for one `[m, k]` by `[k, n]` product (row-major, contiguous).
 * A vector operand (m or n of 1) goes to sgemv: OpenBLAS's sgemm packs its operands even then,
 * which made the bias gradient's `ones[1, rows] · dy` several times slower than a plain pass.
 * A `[1, k]` or `[k, 1]` operand is the same k contiguous floats either way round.
 */
static void multiply(const float *a, const float *b, float *c, size_t m, size_t n, size_t k, bool trans_a, bool trans_b, float beta) {
  if (m == 1) {
    /* c[n] = a[k] · op(b): op(b) read as b's transpose when b is stored [k, n], as b when stored [n, k]. */
    if (trans_b) cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)k, 1.0f, b, (int)k, a, 1, beta, c, 1);
    else cblas_sgemv(CblasRowMajor, CblasTrans, (int)k, (int)n, 1.0f, b, (int)n, a, 1, beta, c, 1);
    return;
  }
  if (n == 1) {
    /* c[m] = op(a) · b[k]: a stored [m, k] (NoTrans) or [k, m] (Trans). */
    if (trans_a) cblas_sgemv(CblasRowMajor, CblasTrans, (int)k, (int)m, 1.0f, a, (int)m, b, 1, beta, c, 1);
    else cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)m, (int)k, 1.0f, a, (int)k, b, 1, beta, c, 1);
    return;
  }
  /* Leading dimensions of the matrices as stored. */
  const int lda = (int)(trans_a ? m : k), ldb = (int)(trans_b ? k : n);
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k, 1.0f, a, lda,
              b, ldb, beta, c, (int)n);
}

/*
 * sgemm(a, b, out, bias, batch, m, n, k, batchA, batchB, transposeA, transposeB)
 *
 * For each of `batch` items i: out[i] = op(a[i]) · op(b[i]) (+ bias on every row), with
 * op(a) `[m, k]` (stored `[k, m]` when transposeA), op(b) `[k, n]` (stored `[n, k]` when
 * transposeB), out `[m, n]`, all row-major and contiguous. `batchA`/`batchB` are `batch` or 1
 * (a single matrix broadcast over the batch). `bias` is null, or a Float32Array of n values
 * (one per column) or of 1 value.
 */
static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = ARGC;
  napi_value argv[ARGC];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc != ARGC) {
    napi_throw_type_error(env, NULL, "sgemm takes (a, b, out, bias, batch, m, n, k, batchA, batchB, transposeA, transposeB)");
    return NULL;
  }
  float *a, *b, *out, *bias = NULL;
  size_t a_len, b_len, out_len, bias_len = 0;
  size_t batch, m, n, k, batch_a, batch_b;
  bool trans_a = false, trans_b = false;
  napi_valuetype bias_type;
  if (!float_array(env, argv[0], "a", &a, &a_len) || !float_array(env, argv[1], "b", &b, &b_len) ||
      !float_array(env, argv[2], "out", &out, &out_len)) return NULL;
  napi_typeof(env, argv[3], &bias_type);
  if (bias_type != napi_null && bias_type != napi_undefined && !float_array(env, argv[3], "bias", &bias, &bias_len)) return NULL;
  if (!count_arg(env, argv[4], "batch", &batch) || !count_arg(env, argv[5], "m", &m) || !count_arg(env, argv[6], "n", &n) ||
      !count_arg(env, argv[7], "k", &k) || !count_arg(env, argv[8], "batchA", &batch_a) || !count_arg(env, argv[9], "batchB", &batch_b)) return NULL;
  napi_get_value_bool(env, argv[10], &trans_a);
  napi_get_value_bool(env, argv[11], &trans_b);
  if ((batch_a != batch && batch_a != 1) || (batch_b != batch && batch_b != 1)) {
    napi_throw_range_error(env, NULL, "sgemm: batchA and batchB must each be batch or 1");
    return NULL;
  }
  if (bias && bias_len != n && bias_len != 1) {
    napi_throw_range_error(env, NULL, "sgemm: bias must hold n values or 1");
    return NULL;
  }
  size_t a_need, b_need, out_need;
  if (!product3(env, batch_a, m, k, &a_need) || !product3(env, batch_b, k, n, &b_need) || !product3(env, batch, m, n, &out_need) ||
      !long_enough(env, a_len, a_need, "a") || !long_enough(env, b_len, b_need, "b") || !long_enough(env, out_len, out_need, "out")) return NULL;
  if (m == 0 || n == 0) return NULL;

  const size_t a_step = batch_a == 1 ? 0 : m * k, b_step = batch_b == 1 ? 0 : k * n, out_step = m * n;
  for (size_t i = 0; i < batch; i++) {
    float *c = out + i * out_step;
    /* The bias goes into C first and sgemm adds the product to it (beta = 1): no second pass. */
    if (bias) {
      for (size_t r = 0; r < m; r++) {
        if (bias_len == n) memcpy(c + r * n, bias, n * sizeof(float));
        else for (size_t j = 0; j < n; j++) c[r * n + j] = bias[0];
      }
    }
    if (k == 0) {
      if (!bias) memset(c, 0, out_step * sizeof(float));
      continue;
    }
    multiply(a + i * a_step, b + i * b_step, c, m, n, k, trans_a, trans_b, bias ? 1.0f : 0.0f);
  }
  return NULL;
}

/* Adds function `name` to `exports`; false (with an exception pending) when N-API fails. */
static bool export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) == napi_ok &&
         napi_set_named_property(env, exports, name, fn) == napi_ok;
}

NAPI_MODULE_INIT() {
  openblas_set_num_threads(1);
  napi_value config;
  if (!export_function(env, exports, "sgemm", sgemm) || !export_function(env, exports, "gelu", gelu) ||
      !export_function(env, exports, "geluGrad", gelu_grad) || !export_function(env, exports, "adamw", adamw)) return NULL;
  /* OpenBLAS's build description ("OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"), for logs. */
  if (napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config) != napi_ok ||
      napi_set_named_property(env, exports, "config", config) != napi_ok) return NULL;
  return exports;
}
