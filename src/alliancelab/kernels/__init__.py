"""Pure array kernels (numpy only, no snapshot or data) shared by panels and measures."""
