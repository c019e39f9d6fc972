"""Chart distribution: OCI registries (helm's media types) and chart repositories."""
