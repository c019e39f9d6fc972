"""Image builds: the daemonless builder and the Dockerfile builder (buildah)."""
