"""A team project: the annotator.toml file, where it is found, who is in it, and the corpus it
was made for."""
