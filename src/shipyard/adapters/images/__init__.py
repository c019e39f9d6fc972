"""Reading build inputs from disk: application files and Python dependency layers."""
