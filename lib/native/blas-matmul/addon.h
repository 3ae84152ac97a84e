/* Shared by the addon's C files: argument checks that throw a JavaScript error and return false. */
#ifndef COGNATE_ADDON_H
#define COGNATE_ADDON_H
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>

/* Throws a TypeError unless `value` is a Float32Array; on success gives its data and length. */
bool float_array(napi_env env, napi_value value, const char *name, float **data, size_t *length);
/* Reads a non-negative 32-bit integer argument; throws a RangeError otherwise. */
bool count_arg(napi_env env, napi_value value, const char *name, size_t *out);
/* Throws a RangeError unless `have` floats hold `need`: an undersized view would read past the tensor. */
bool long_enough(napi_env env, size_t have, size_t need, const char *name);

/* gelu(x, out) and geluGrad(x, dy, out): see gelu.c. */
napi_value gelu(napi_env env, napi_callback_info info);
napi_value gelu_grad(napi_env env, napi_callback_info info);
/* adamw(param, grad, m, v, out, scale, beta1, beta2, epsilon, learningRate, weightDecay, step): see adamw.c. */
napi_value adamw(napi_env env, napi_callback_info info);
#endif
