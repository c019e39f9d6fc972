"""Helm-compatible releases: deploy, roll back and uninstall, stored as Helm stores them."""
