"""Validation rules. See ``registry`` for the catalogue and ``gxtui rules`` for the list."""
