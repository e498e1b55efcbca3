"""One reader per file format; each returns :class:`ingest.readers.base.Extracted`."""
