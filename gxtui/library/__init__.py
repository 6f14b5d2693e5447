"""The library: an index of every report file under the opened folders (``index``)."""
