"""Shared building blocks: the base model, the clock, request ids and small view helpers."""
