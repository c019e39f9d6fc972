"""Files a run keeps: globs collected from a workspace into the run directory, confined."""
