"""The containerized hub harness for the scenario tests (see README.md here)."""
