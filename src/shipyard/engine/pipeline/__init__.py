"""Running a ``shipyard.yaml`` pipeline: scheduling steps, executors and built-in steps.

runner      load ▶ plan ▶ prepare run directory ▶ execute (needs-ordered, parallel) ▶ report
steps       the interface between the runner, step handlers and executors
local       run steps as local process groups
kubernetes  run steps as Kubernetes Jobs
builtin     the version, image and promote steps, in process
extensions  scan/sign providers (entry points) and command-based extension steps
"""
