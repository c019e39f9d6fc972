"""The ``shipyard.yaml`` pipeline, as pure values and functions (no I/O).

loading    the file, validated: every problem with its line (fields, specs: the readers)
model      steps and their options
plan       topological levels and when-filtering
variables  ${...} references and their substitution
promote    comment-preserving edits of environment-repository files
junit      the JUnit XML report of a run
results    the result of a run
masking    secrets masked in logs and reports
"""
