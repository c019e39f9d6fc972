"""The OCI registry client."""
