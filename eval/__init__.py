"""Q&A sets -> batch answers -> metrics and report."""
