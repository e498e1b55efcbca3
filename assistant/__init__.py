"""Question -> understanding -> retrieval -> answer with citations."""
