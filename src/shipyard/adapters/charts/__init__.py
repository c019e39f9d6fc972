"""Charts on disk and in clusters: loading chart files, release storage."""
