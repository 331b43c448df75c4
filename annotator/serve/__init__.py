"""annotator serve: the app in a browser, one signed-in process per person."""
