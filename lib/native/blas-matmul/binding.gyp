{
  "targets": [
    {
      "target_name": "blas_matmul",
      "sources": ["blas_matmul.c", "gelu.c"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"]
    }
  ]
}
