{
  "targets": [
    {
      "target_name": "blas_matmul",
      "sources": ["blas_matmul.c", "gelu.c", "adamw.c"],
      "cflags": ["-O3", "-fno-math-errno", "-std=c11", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"]
    }
  ]
}
