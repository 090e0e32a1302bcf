"""The `reader` command line: argument parsing and output, over the archive API."""
