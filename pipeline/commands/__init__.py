"""One module of `policykb` commands per area; ``pipeline.cli`` registers them all."""
