"""Qt table models over the core's record services. Thread: GUI only."""
