{
  "targets": [
    {
      "target_name": "blas_matmul",
      "sources": ["blas_matmul.c"],
      "cflags": ["-O2", "-std=c11", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"]
    }
  ]
}
