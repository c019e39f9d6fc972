"""Running commands of a pipeline's steps as process groups (argv only, never a shell line)."""
