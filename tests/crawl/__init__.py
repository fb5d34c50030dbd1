"""Tests of the demo site, source registry, HTTP client, parser and crawler."""
