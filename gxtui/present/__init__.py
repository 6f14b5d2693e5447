"""Presentation: what every output shares — safe text, the i18n catalogue, the JSON shapes and
their schemas, text rendering, the findings report. Below the CLI and the TUI, above the domain."""
