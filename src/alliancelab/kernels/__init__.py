"""Pure array kernels (numpy, or numba compiled through ``_jit``; no snapshot or data)
shared by panels, measures and models."""
