"""Semantic versions of commits from Git history, compatible with GitVersion 6.

``semver`` parses, formats, compares and increments versions; ``config`` models GitVersion.yml
over the GitFlow/GitHubFlow workflow defaults; ``graph`` holds the commit graph and its walks;
``sources`` finds base versions; ``calculate`` turns them into the version of one commit and
``variables`` into GitVersion's output variables.
"""

from __future__ import annotations
