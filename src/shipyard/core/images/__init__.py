"""Images without a daemon: reproducible layers, configs and manifests, and the tag policy."""
